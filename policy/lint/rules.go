package lint

import "sort"

// Rule describes one check: its code, default severity, what it finds
// and how to fix what it finds.
type Rule struct {
	Code     string
	Severity Severity
	Summary  string
	Help     string
}

// Finding codes. Codes named like an IAM Access Analyzer check use that
// check's name in upper snake case.
const (
	CodeJSONSyntaxError            = "JSON_SYNTAX_ERROR"
	CodeInvalidPolicyElement       = "INVALID_POLICY_ELEMENT"
	CodeInvalidElementType         = "INVALID_ELEMENT_TYPE"
	CodeUnsupportedCombination     = "UNSUPPORTED_ELEMENT_COMBINATION"
	CodeDuplicateKeys              = "DUPLICATE_KEYS"
	CodeDuplicateKeysDifferentCase = "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"
	CodeMissingStatement           = "MISSING_STATEMENT"
	CodeMissingEffect              = "MISSING_EFFECT"
	CodeMissingAction              = "MISSING_ACTION"
	CodeMissingResource            = "MISSING_RESOURCE"
	CodeMissingPrincipal           = "MISSING_PRINCIPAL"
	CodeMissingVersion             = "MISSING_VERSION"
	CodeInvalidVersion             = "INVALID_VERSION"
	CodeInvalidEffect              = "INVALID_EFFECT"
	CodeInvalidOperator            = "INVALID_CONDITION_OPERATOR"
	CodeNullWithIfExists           = "NULL_WITH_IF_EXISTS"
	CodeInvalidPrincipalFormat     = "INVALID_PRINCIPAL_FORMAT"
	CodeUnsupportedPrincipal       = "UNSUPPORTED_PRINCIPAL"
	CodeUnsupportedWildcardPrinc   = "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
	CodeUniqueSidsRequired         = "UNIQUE_SIDS_REQUIRED"
	CodeUniqueSidsRecommended      = "UNIQUE_SIDS_RECOMMENDED"
	CodeUnsupportedSid             = "UNSUPPORTED_SID"
	CodeEmptySidValue              = "EMPTY_SID_VALUE"
	CodeUnsupportedCharacter       = "UNSUPPORTED_CHARACTER"
	CodeEmptyArrayAction           = "EMPTY_ARRAY_ACTION"
	CodeEmptyArrayResource         = "EMPTY_ARRAY_RESOURCE"
	CodeEmptyArrayPrincipal        = "EMPTY_ARRAY_PRINCIPAL"
	CodeEmptyArrayCondition        = "EMPTY_ARRAY_CONDITION"
	CodeEmptyObjectCondition       = "EMPTY_OBJECT_CONDITION"
	CodeEmptyObjectPrincipal       = "EMPTY_OBJECT_PRINCIPAL"

	CodeInvalidAction         = "INVALID_ACTION"
	CodeInvalidServiceInAct   = "INVALID_SERVICE_IN_ACTION"
	CodeWildcardInServiceName = "WILDCARD_IN_SERVICE_NAME"
	CodeRedundantAction       = "REDUNDANT_ACTION"
	CodeRedundantResource     = "REDUNDANT_RESOURCE"
	CodeRedundantStatement    = "REDUNDANT_STATEMENT"
	CodeRedundantCondValue    = "REDUNDANT_CONDITION_VALUE_NUM"
	CodeMissingARNField       = "MISSING_ARN_FIELD"
	CodeInvalidARNPrefix      = "INVALID_ARN_PREFIX"
	CodeInvalidPartition      = "INVALID_PARTITION"
	CodeInvalidARNServiceCase = "INVALID_ARN_SERVICE_CASE"
	CodeInvalidARNService     = "INVALID_ARN_SERVICE"
	CodeInvalidARNRegion      = "INVALID_ARN_REGION"
	CodeInvalidARNAccount     = "INVALID_ARN_ACCOUNT"

	CodeInvalidGlobalKey        = "INVALID_GLOBAL_CONDITION_KEY"
	CodeInvalidServiceKey       = "INVALID_SERVICE_CONDITION_KEY"
	CodeInvalidKeyFormat        = "INVALID_CONDITION_KEY_FORMAT"
	CodeUnsupportedActionForKey = "UNSUPPORTED_ACTION_FOR_CONDITION_KEY"
	CodeDataTypeMismatch        = "DATA_TYPE_MISMATCH"
	CodeMissingQualifier        = "MISSING_QUALIFIER"
	CodeForAllValuesSingle      = "FORALLVALUES_WITH_SINGLE_VALUED_KEY"
	CodeForAnyValueSingle       = "FORANYVALUE_WITH_SINGLE_VALUED_KEY"
	CodeNullWithQualifier       = "NULL_WITH_QUALIFIER"
	CodeTypeMismatchNumber      = "TYPE_MISMATCH_NUMBER"
	CodeTypeMismatchDate        = "TYPE_MISMATCH_DATE"
	CodeTypeMismatchBoolean     = "TYPE_MISMATCH_BOOLEAN"
	CodeTypeMismatchIPRange     = "TYPE_MISMATCH_IP_RANGE"
	CodeTypeMismatchARN         = "TYPE_MISMATCH_ARN"
	CodeTypeMismatchBinary      = "TYPE_MISMATCH_BINARY"
	CodeMultipleBoolean         = "INVALID_CONDITION_MULTIPLE_BOOLEAN"
	CodeWildcardWithoutLike     = "WILDCARD_WITHOUT_LIKE_OPERATOR"
	CodePrivateIPAddress        = "PRIVATE_IP_ADDRESS"
	CodePrivateNotIPAddress     = "PRIVATE_NOT_IP_ADDRESS"
	CodeForAllValuesNoNullGuard = "FORALLVALUES_WITHOUT_NULL_GUARD"

	CodeVariableUnsupportedVersion = "VARIABLE_UNSUPPORTED_IN_VERSION"
	CodeVariableUnsupportedElement = "VARIABLE_UNSUPPORTED_IN_ELEMENT"
	CodeInvalidVariableForOperator = "INVALID_VARIABLE_FOR_OPERATOR"
	CodeMissingBraceInVariable     = "MISSING_BRACE_IN_VARIABLE"
	CodeMissingQuoteInVariable     = "MISSING_QUOTE_IN_VARIABLE"
	CodeUnsupportedSpaceInVariable = "UNSUPPORTED_SPACE_IN_VARIABLE"
	CodeEmptyVariable              = "EMPTY_VARIABLE"

	CodeSCPPrincipal           = "SCP_SYNTAX_ERROR_PRINCIPAL"
	CodeOrgVersion             = "ORGANIZATIONS_POLICY_VERSION_REQUIRED"
	CodeRCPAllow               = "RCP_SYNTAX_ERROR_ALLOW"
	CodeRCPPrincipal           = "RCP_SYNTAX_ERROR_PRINCIPAL"
	CodeRCPNotAction           = "RCP_SYNTAX_ERROR_NOT_ACTION"
	CodeRCPActionWildcard      = "RCP_SYNTAX_ERROR_ACTION_WILDCARD"
	CodeRCPUnsupportedService  = "RCP_UNSUPPORTED_SERVICE"
	CodeTrustNotPrincipal      = "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"
	CodeTrustResource          = "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
	CodeTrustUnsupportedAction = "ROLE_TRUST_POLICY_UNSUPPORTED_ACTION"
	CodeSizeIdentity           = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"
	CodeSizeTrust              = "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"
	CodeSizeSession            = "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA"
	CodeSizeSCP                = "POLICY_SIZE_EXCEEDS_SCP_QUOTA"
	CodeSizeRCP                = "POLICY_SIZE_EXCEEDS_RCP_QUOTA"
	CodeSizeEndpoint           = "POLICY_SIZE_EXCEEDS_VPC_ENDPOINT_POLICY_QUOTA"
	CodeServiceQuota           = "POLICY_EXCEEDS_SERVICE_QUOTA"

	CodeAllowWithNotPrincipal      = "ALLOW_WITH_NOT_PRINCIPAL"
	CodeAllowWithNotAction         = "ALLOW_WITH_NOT_ACTION"
	CodeAllowWithNotResource       = "ALLOW_WITH_NOT_RESOURCE"
	CodePublicAllowWithoutCond     = "ALLOW_PUBLIC_PRINCIPAL_WITHOUT_CONDITION"
	CodePassRoleStarResource       = "PASS_ROLE_WITH_STAR_IN_RESOURCE"
	CodePassRoleStarActionResource = "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"
	CodePassRoleNotResource        = "PASS_ROLE_WITH_NOT_RESOURCE"
	CodeARNRegionNotAllowed        = "ARN_REGION_NOT_ALLOWED"
	CodeARNAccountNotAllowed       = "ARN_ACCOUNT_NOT_ALLOWED"
	CodeOIDCPrincipalNoCondition   = "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL"
	CodeGitHubNoRepoCondition      = "MISSING_GITHUB_REPO_CONDITION_KEY"
	CodeTokenNoAudience            = "WEB_IDENTITY_TOKEN_WITHOUT_AUDIENCE_RESTRICTION"
	CodeTokenAnyValueAudience      = "WEB_IDENTITY_TOKEN_FORANYVALUE_AUDIENCE"
	CodeTokenDurationRange         = "WEB_IDENTITY_TOKEN_DURATION_OUT_OF_RANGE"
	CodeTokenDurationString        = "WEB_IDENTITY_TOKEN_DURATION_STRING_OPERATOR"
	CodeTokenSigningAlgorithm      = "WEB_IDENTITY_TOKEN_INVALID_SIGNING_ALGORITHM"
)

// Rules lists every check, sorted by code. The command line prints them
// and SARIF output names them.
func Rules() []Rule {
	out := make([]Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// RuleFor returns the rule with the given code.
func RuleFor(code string) (Rule, bool) {
	r, ok := rules[code]
	return r, ok
}
