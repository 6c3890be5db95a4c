package main

// Identities and resources every generated case draws from.
const (
	acct      = "111122223333"
	otherAcct = "444455556666"
	mgmtAcct  = "999988887777"

	alice       = "arn:aws:iam::111122223333:user/alice"
	bob         = "arn:aws:iam::111122223333:user/bob"
	roleApp     = "arn:aws:iam::111122223333:role/app"
	sessionApp  = "arn:aws:sts::111122223333:assumed-role/app/s1"
	fedUser     = "arn:aws:sts::111122223333:federated-user/carol"
	rootUser    = "arn:aws:iam::111122223333:root"
	otherUser   = "arn:aws:iam::444455556666:user/dave"
	mgmtSession = "arn:aws:sts::999988887777:assumed-role/admin/s1"

	selfARN   = "arn:aws:sts::111122223333:self"
	objectARN = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"

	gwit    = "sts:GetWebIdentityToken"
	tagGWIT = "sts:TagGetWebIdentityToken"
)

// Stmt is a policy statement; encoding/json writes its fields in this
// order, the order AWS's examples use.
type Stmt struct {
	Sid          string                    `json:"Sid,omitempty"`
	Effect       string                    `json:"Effect"`
	Principal    any                       `json:"Principal,omitempty"`
	NotPrincipal any                       `json:"NotPrincipal,omitempty"`
	Action       any                       `json:"Action,omitempty"`
	NotAction    any                       `json:"NotAction,omitempty"`
	Resource     any                       `json:"Resource,omitempty"`
	NotResource  any                       `json:"NotResource,omitempty"`
	Condition    map[string]map[string]any `json:"Condition,omitempty"`
}

type docJSON struct {
	Version   string `json:"Version,omitempty"`
	Statement []Stmt `json:"Statement"`
}

// doc returns a 2012-10-17 policy document.
func doc(stmts ...Stmt) string { return docVersion("2012-10-17", stmts...) }

// docVersion returns a document with the given Version ("" leaves it out).
func docVersion(version string, stmts ...Stmt) string {
	return jsonText(docJSON{Version: version, Statement: stmts})
}

// cond builds a Condition block with one operator and one key.
func cond(op, key string, values any) map[string]map[string]any {
	return map[string]map[string]any{op: {key: values}}
}

func allowAll() Stmt { return Stmt{Effect: "Allow", Action: "*", Resource: "*"} }

func allowAction(action string) Stmt {
	return Stmt{Effect: "Allow", Action: action, Resource: "*"}
}

func denyAction(action string) Stmt {
	return Stmt{Effect: "Deny", Action: action, Resource: "*"}
}

// fullAWSAccess is the SCP AWS attaches at every level when SCPs are
// enabled.
func fullAWSAccess() named {
	return named{"FullAWSAccess", doc(Stmt{Effect: "Allow", Action: "*", Resource: "*"})}
}

// rcpFullAWSAccess is the RCP AWS attaches at every level; cases that
// list it show that writing it out changes nothing.
func rcpFullAWSAccess() named {
	return named{"RCPFullAWSAccess", doc(Stmt{Effect: "Allow", Principal: "*", Action: "*", Resource: "*"})}
}

func vpceFullAccess() named {
	return named{"default-endpoint-policy", doc(Stmt{Effect: "Allow", Principal: "*", Action: "*", Resource: "*"})}
}

func identity(docs ...string) []named {
	out := make([]named, len(docs))
	for i, d := range docs {
		out[i] = named{name: "identity-" + string(rune('a'+i)), doc: d}
	}
	return out
}

// Documentation pages the sources cite.
const (
	srcEval       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
	srcDenyAllow  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html"
	srcBasics     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html"
	srcXAcct      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html"
	srcSessionPol = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session"
	srcBoundary   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"
	srcSCP        = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html"
	srcSCPEval    = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
	srcRCP        = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"
	srcRCPEval    = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html"
	srcVPCE       = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html"
	srcSTSVPCE    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html"
	srcVersion    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"
	srcPrincipal  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
	srcNotPrinc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"
	srcAction     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
	srcNotAction  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"
	srcResource   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"
	srcNotRes     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html"
	srcCond       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"
	srcCondOps    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
	srcMulti      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html"
	srcSVMV       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
	srcEXN        = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html"
	srcEX1        = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-single-valued-context-keys.html"
	srcVars       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"
	srcGrammar    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"
	srcOutbound   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html"

	// Live AWS captures published by a third party (account ids
	// sanitized): condition operators on aws:TagKeys, and
	// GetWebIdentityToken authorization outcomes.
	obsConditionSets = "observed: live AWS captures, github.com/radkawar/stackd testdata/aws/iam/condition_sets.json"
	obsOutbound      = "observed: live AWS captures, github.com/radkawar/stackd testdata/aws/iam/outbound_identity.json"
)
