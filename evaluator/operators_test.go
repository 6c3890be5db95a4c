package evaluator

import "testing"

// Expectations without another comment come from the IAM condition
// operator reference:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Cases marked "observed" reproduce live AWS observations published in
// github.com/radkawar/stackd, testdata/aws/iam/condition_values.json
// (captured 2026-09-12). Cases marked "decision" follow docs/semantics.md,
// where AWS documents no behaviour.

func TestStringOperators(t *testing.T) {
	tests := []struct {
		name string
		cond string
		ctx  ctxValues
		want condWant
	}{
		{"StringEquals match", `{"StringEquals":{"aws:username":"john"}}`, ctxValues{"aws:username": "john"}, isTrue},
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html:
		// StringEquals matches john, not John.
		{"StringEquals is case-sensitive", `{"StringEquals":{"aws:username":"john"}}`, ctxValues{"aws:username": "John"}, isFalse},
		{"StringEquals has no wildcards", `{"StringEquals":{"aws:username":"jo*"}}`, ctxValues{"aws:username": "john"}, isFalse},
		{"StringEquals OR over values", `{"StringEquals":{"aws:username":["ann","john"]}}`, ctxValues{"aws:username": "john"}, isTrue},
		{"StringEquals absent key", `{"StringEquals":{"aws:username":"john"}}`, ctxValues{}, isFalse},
		{"StringNotEquals differs", `{"StringNotEquals":{"aws:username":"john"}}`, ctxValues{"aws:username": "ann"}, isTrue},
		{"StringNotEquals equal", `{"StringNotEquals":{"aws:username":"john"}}`, ctxValues{"aws:username": "john"}, isFalse},
		// Negated operators with several values are NOR:
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
		{"StringNotEquals NOR over values", `{"StringNotEquals":{"aws:username":["ann","john"]}}`, ctxValues{"aws:username": "john"}, isFalse},
		{"StringNotEquals NOR none match", `{"StringNotEquals":{"aws:username":["ann","john"]}}`, ctxValues{"aws:username": "bob"}, isTrue},
		// A negated operator on an absent key is true.
		{"StringNotEquals absent key", `{"StringNotEquals":{"aws:username":"john"}}`, ctxValues{}, isTrue},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:username":"john"}}`, ctxValues{"aws:username": "JoHn"}, isTrue},
		{"StringEqualsIgnoreCase non-ASCII", `{"StringEqualsIgnoreCase":{"aws:username":"ärger"}}`, ctxValues{"aws:username": "ÄRGER"}, isTrue},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"aws:username":"john"}}`, ctxValues{"aws:username": "JOHN"}, isFalse},
		{"StringLike star", `{"StringLike":{"s3:prefix":"home/*"}}`, ctxValues{"s3:prefix": "home/a/b"}, isTrue},
		{"StringLike question", `{"StringLike":{"s3:prefix":"a?c"}}`, ctxValues{"s3:prefix": "abc"}, isTrue},
		{"StringLike question one char", `{"StringLike":{"s3:prefix":"a?c"}}`, ctxValues{"s3:prefix": "abbc"}, isFalse},
		{"StringLike question multibyte", `{"StringLike":{"s3:prefix":"a?c"}}`, ctxValues{"s3:prefix": "aéc"}, isTrue},
		{"StringLike case-sensitive", `{"StringLike":{"s3:prefix":"Home/*"}}`, ctxValues{"s3:prefix": "home/x"}, isFalse},
		{"StringLike star crosses colon", `{"StringLike":{"aws:SourceArn":"arn:aws:s3:*"}}`, ctxValues{"aws:SourceArn": "arn:aws:s3:::b:c"}, isTrue},
		{"StringLike inner star", `{"StringLike":{"s3:prefix":"https://*.example.com"}}`, ctxValues{"s3:prefix": "https://a.b.example.com"}, isTrue},
		{"StringLike inner star empty", `{"StringLike":{"s3:prefix":"https://*.example.com"}}`, ctxValues{"s3:prefix": "https://.example.com"}, isTrue},
		{"StringLike inner star overlap", `{"StringLike":{"s3:prefix":"ab*ba"}}`, ctxValues{"s3:prefix": "aba"}, isFalse},
		{"StringLike inner star suffix", `{"StringLike":{"s3:prefix":"https://*.example.com"}}`, ctxValues{"s3:prefix": "https://example.com"}, isFalse},
		{"StringNotLike", `{"StringNotLike":{"s3:prefix":["a*","b*"]}}`, ctxValues{"s3:prefix": "c"}, isTrue},
		{"StringNotLike matches one", `{"StringNotLike":{"s3:prefix":["a*","b*"]}}`, ctxValues{"s3:prefix": "bee"}, isFalse},
		// Condition key names are case-insensitive:
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
		{"key name case-insensitive", `{"StringEquals":{"AWS:SourceIP":"x"}}`, ctxValues{"aws:sourceip": "x"}, isTrue},
		{"tag key case-insensitive", `{"StringEquals":{"aws:ResourceTag/TagKey1":"v"}}`, ctxValues{"aws:resourcetag/tagkey1": "v"}, isTrue},
		{"IfExists absent", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctxValues{}, isTrue},
		{"IfExists present", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctxValues{"ec2:InstanceType": "m5.large"}, isFalse},
		{"NotEqualsIfExists absent", `{"StringNotEqualsIfExists":{"aws:ResourceTag/env":"prod"}}`, ctxValues{}, isTrue},
		// Several keys under one operator and several operators are ANDed.
		{"AND over keys", `{"StringEquals":{"a:x":"1","a:y":"2"}}`, ctxValues{"a:x": "1", "a:y": "3"}, isFalse},
		{"AND over keys both", `{"StringEquals":{"a:x":"1","a:y":"2"}}`, ctxValues{"a:x": "1", "a:y": "2"}, isTrue},
		{"AND over operators", `{"StringEquals":{"a:x":"1"},"StringLike":{"a:y":"2*"}}`, ctxValues{"a:x": "1", "a:y": "3"}, isFalse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCondition(t, tt.cond, tt.ctx, tt.want) })
	}
}

func TestNumericOperators(t *testing.T) {
	tests := []struct {
		name string
		cond string
		val  string
		want condWant
	}{
		{"equals", `{"NumericEquals":{"s3:max-keys":"10"}}`, "10", isTrue},
		{"equals JSON number", `{"NumericEquals":{"s3:max-keys":10}}`, "10", isTrue},
		{"equals leading zeros", `{"NumericEquals":{"s3:max-keys":"10"}}`, "010", isTrue},
		{"equals decimal", `{"NumericEquals":{"s3:max-keys":"1.5"}}`, "1.50", isTrue},
		{"integer equals decimal", `{"NumericEquals":{"s3:max-keys":"2"}}`, "2.0", isTrue},
		{"not equals", `{"NumericNotEquals":{"s3:max-keys":["1","2"]}}`, "3", isTrue},
		{"not equals NOR", `{"NumericNotEquals":{"s3:max-keys":["1","2"]}}`, "2", isFalse},
		{"less than", `{"NumericLessThan":{"s3:max-keys":"10"}}`, "9.99", isTrue},
		{"less than equal value", `{"NumericLessThan":{"s3:max-keys":"10"}}`, "10", isFalse},
		{"less than negative", `{"NumericLessThan":{"s3:max-keys":"-1"}}`, "-2", isTrue},
		{"less than equals", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, "10", isTrue},
		{"greater than", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, "10.01", isTrue},
		{"greater than equals", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, "9", isFalse},
		// observed: integers beyond float64 precision compare exactly.
		{"big integers exact", `{"NumericLessThan":{"s3:max-keys":"9007199254740993"}}`, "9007199254740992", isTrue},
		{"big integers not equal", `{"NumericEquals":{"s3:max-keys":"9007199254740993"}}`, "9007199254740992", isFalse},
		{"negative zero", `{"NumericEquals":{"s3:max-keys":"0"}}`, "-0.0", isTrue},
		// observed: a value that is not a number matches no value, so a
		// negated operator holds.
		{"request not a number", `{"NumericEquals":{"s3:max-keys":"10"}}`, "ten", isFalse},
		{"negated request not a number", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, "ten", isTrue},
		{"empty request value", `{"NumericNotEquals":{"s3:max-keys":"1"}}`, "", isTrue},
		// decision: outside session policies a policy value that is not a
		// number is an evaluation error (TestUnparsablePolicyValues).
		{"policy not a number", `{"NumericLessThan":{"s3:max-keys":"ten"}}`, "10", isTypeError},
		{"policy NaN negated", `{"NumericNotEquals":{"s3:max-keys":"NaN"}}`, "1", isTypeError},
		{"request NaN", `{"NumericEquals":{"s3:max-keys":"1"}}`, "NaN", isFalse},
		{"request Infinity", `{"NumericEquals":{"s3:max-keys":"1"}}`, "Infinity", isFalse},
		// observed: signs, leading zeros, a trailing point and exponents.
		{"plus sign", `{"NumericEquals":{"s3:max-keys":"1"}}`, "+1", isTrue},
		{"trailing point", `{"NumericEquals":{"s3:max-keys":"1."}}`, "1", isTrue},
		{"exponent", `{"NumericEquals":{"s3:max-keys":"1"}}`, "1e0", isTrue},
		{"exponent negated", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, "1e3", isTrue},
		{"negative exponent", `{"NumericEquals":{"s3:max-keys":"0.015"}}`, "15E-3", isTrue},
		{"exponent ordering", `{"NumericLessThan":{"s3:max-keys":"1e2"}}`, "99.9", isTrue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCondition(t, tt.cond, ctxValues{"s3:max-keys": tt.val}, tt.want)
		})
	}
	t.Run("absent key", func(t *testing.T) {
		checkCondition(t, `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctxValues{}, isFalse)
		checkCondition(t, `{"NumericNotEquals":{"s3:max-keys":"10"}}`, ctxValues{}, isTrue)
	})
}

func TestDateOperators(t *testing.T) {
	tests := []struct {
		name string
		cond string
		val  string
		want condWant
	}{
		{"less than ISO", `{"DateLessThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, "2020-03-31T23:59:59Z", isTrue},
		{"less than equal time", `{"DateLessThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, "2020-04-01T00:00:00Z", isFalse},
		{"less than equals", `{"DateLessThanEquals":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, "2020-04-01T00:00:00Z", isTrue},
		{"greater than", `{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01"}}`, "2020-04-01T00:00:01Z", isTrue},
		{"greater than equals year", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2020"}}`, "2020-01-01T00:00:00Z", isTrue},
		{"year-month", `{"DateLessThan":{"aws:CurrentTime":"2020-02"}}`, "2020-01-31T23:59:59Z", isTrue},
		{"minutes with offset", `{"DateEquals":{"aws:CurrentTime":"2020-04-01T01:30+01:30"}}`, "2020-04-01T00:00:00Z", isTrue},
		{"fraction", `{"DateLessThan":{"aws:CurrentTime":"2020-04-01T00:00:00.5Z"}}`, "2020-04-01T00:00:00.25Z", isTrue},
		{"epoch policy value", `{"DateGreaterThan":{"aws:CurrentTime":"1585699200"}}`, "2020-04-01T00:00:01Z", isTrue},
		{"epoch request value", `{"DateLessThan":{"aws:EpochTime":"2020-04-01T00:00:00Z"}}`, "1585699199", isTrue},
		{"not equals", `{"DateNotEquals":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, "2020-04-01T00:00:00Z", isFalse},
		// observed: a value that is not a date matches no value.
		{"invalid request date", `{"DateLessThan":{"aws:CurrentTime":"2020-04-01"}}`, "yesterday", isFalse},
		{"invalid request date negated", `{"DateNotEquals":{"aws:CurrentTime":"2020-04-01"}}`, "yesterday", isTrue},
		// decision: outside session policies a policy value that is not a
		// date is an evaluation error (TestUnparsablePolicyValues).
		{"invalid policy date", `{"DateLessThan":{"aws:CurrentTime":"2020-02-30"}}`, "2020-01-01", isTypeError},
		{"invalid policy date negated", `{"DateNotEquals":{"aws:CurrentTime":"not-a-date"}}`, "2020-01-01", isTypeError},
		// observed: milliseconds, a missing zone and a signed epoch.
		{"millisecond precision", `{"DateEquals":{"aws:CurrentTime":"2030-01-01T00:00:00.1231Z"}}`, "2030-01-01T00:00:00.1239Z", isTrue},
		{"sub-millisecond", `{"DateEquals":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, "2030-01-01T00:00:00.0001Z", isTrue},
		{"no zone is UTC", `{"DateEquals":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, "2030-01-01T00:00:00", isTrue},
		{"signed epoch", `{"DateEquals":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, "+1893456000", isTrue},
		{"date only", `{"DateEquals":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, "2030-01-01", isTrue},
		// decision: a value of digits only is epoch seconds, never a W3C
		// year, so "2020" is 1970-01-01T00:33:40Z.
		{"four digits are epoch", `{"DateGreaterThan":{"aws:CurrentTime":"2020"}}`, "2019-06-01T00:00:00Z", isTrue},
		{"four digits not a year", `{"DateLessThan":{"aws:CurrentTime":"2020"}}`, "2019-06-01T00:00:00Z", isFalse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "aws:CurrentTime"
			if tt.name == "epoch request value" {
				key = "aws:EpochTime"
			}
			checkCondition(t, tt.cond, ctxValues{key: tt.val}, tt.want)
		})
	}
}

func TestBoolBinaryNullOperators(t *testing.T) {
	tests := []struct {
		name string
		cond string
		ctx  ctxValues
		want condWant
	}{
		{"Bool true", `{"Bool":{"aws:SecureTransport":"true"}}`, ctxValues{"aws:SecureTransport": "true"}, isTrue},
		{"Bool JSON boolean", `{"Bool":{"aws:SecureTransport":false}}`, ctxValues{"aws:SecureTransport": "false"}, isTrue},
		{"Bool mismatch", `{"Bool":{"aws:SecureTransport":"true"}}`, ctxValues{"aws:SecureTransport": "false"}, isFalse},
		// observed: "true" in any letter case is true; any other text,
		// on either side, is false.
		{"Bool case", `{"Bool":{"aws:SecureTransport":"True"}}`, ctxValues{"aws:SecureTransport": "TRUE"}, isTrue},
		{"Bool absent", `{"Bool":{"aws:SecureTransport":"false"}}`, ctxValues{}, isFalse},
		{"BoolIfExists absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ctxValues{}, isTrue},
		{"Bool policy yes", `{"Bool":{"aws:SecureTransport":"yes"}}`, ctxValues{"aws:SecureTransport": "true"}, isFalse},
		{"Bool policy yes is false", `{"Bool":{"aws:SecureTransport":"yes"}}`, ctxValues{"aws:SecureTransport": "false"}, isTrue},
		{"Bool request yes is false", `{"Bool":{"aws:SecureTransport":"false"}}`, ctxValues{"aws:SecureTransport": "yes"}, isTrue},
		{"Bool request spaces", `{"Bool":{"aws:SecureTransport":"true"}}`, ctxValues{"aws:SecureTransport": " true "}, isFalse},
		{"Bool request 1", `{"Bool":{"aws:SecureTransport":"true"}}`, ctxValues{"aws:SecureTransport": "1"}, isFalse},
		{"BinaryEquals", `{"BinaryEquals":{"k:bin":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctxValues{"k:bin": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, isTrue},
		{"BinaryEquals other bytes", `{"BinaryEquals":{"k:bin":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctxValues{"k:bin": "QUJD"}, isFalse},
		// observed: only the same strict base64 text matches.
		{"BinaryEquals request not base64", `{"BinaryEquals":{"k:bin":"YQ=="}}`, ctxValues{"k:bin": "no-binary"}, isFalse},
		{"BinaryEquals unpadded", `{"BinaryEquals":{"k:bin":"YQ=="}}`, ctxValues{"k:bin": "YQ"}, isFalse},
		{"BinaryEquals padding bits", `{"BinaryEquals":{"k:bin":"YQ=="}}`, ctxValues{"k:bin": "YR=="}, isFalse},
		{"BinaryEquals spaces", `{"BinaryEquals":{"k:bin":"YQ=="}}`, ctxValues{"k:bin": " YQ== "}, isFalse},
		// decision: AWS rejects a policy whose BinaryEquals value is not
		// base64 (MalformedPolicyDocument), so it never evaluates one; the
		// evaluator treats it as an evaluation error.
		{"BinaryEquals policy not base64", `{"BinaryEquals":{"k:bin":"no-binary"}}`, ctxValues{"k:bin": "YQ=="}, isTypeError},
		// Null: true means the key is absent, false that it is present.
		// observed: any value other than "true" (any case) means false,
		// and an empty string value is present.
		{"Null yes is false", `{"Null":{"aws:TokenIssueTime":"yes"}}`, ctxValues{"aws:TokenIssueTime": "x"}, isTrue},
		{"Null TRUE", `{"Null":{"aws:TokenIssueTime":"TRUE"}}`, ctxValues{"aws:TokenIssueTime": "x"}, isFalse},
		{"Null empty value present", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctxValues{"aws:TokenIssueTime": ""}, isTrue},
		{"Null true absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctxValues{}, isTrue},
		{"Null true present", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctxValues{"aws:TokenIssueTime": "x"}, isFalse},
		{"Null false present", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctxValues{"aws:TokenIssueTime": "x"}, isTrue},
		{"Null false absent", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctxValues{}, isFalse},
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html:
		// an empty multi-valued key is null.
		{"Null false empty set", `{"Null":{"aws:TagKeys":"false"}}`, ctxValues{"aws:TagKeys": []string{}}, isFalse},
		{"Null false multi", `{"Null":{"aws:TagKeys":"false"}}`, ctxValues{"aws:TagKeys": []string{"a", "b"}}, isTrue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCondition(t, tt.cond, tt.ctx, tt.want) })
	}
}

func TestIPAddressOperators(t *testing.T) {
	tests := []struct {
		name string
		cond string
		ip   string
		want condWant
	}{
		{"v4 in CIDR", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "203.0.113.7", isTrue},
		{"v4 outside", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "203.0.114.7", isFalse},
		{"v4 OR over CIDRs", `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}`, "10.1.2.3", isTrue},
		// No prefix length means a single address, /32.
		{"v4 single address", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, "203.0.113.7", isTrue},
		{"v4 single address other", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, "203.0.113.8", isFalse},
		{"v4 host bits set", `{"IpAddress":{"aws:SourceIp":"203.0.113.9/24"}}`, "203.0.113.200", isTrue},
		{"v6 in CIDR", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, "2001:db8:1234:5678::1", isTrue},
		{"v6 outside", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, "2001:db8:1234:5679::1", isFalse},
		{"v4 against v6 block", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, "203.0.113.7", isFalse},
		{"v4-mapped v6 request", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "::ffff:203.0.113.7", isTrue},
		{"NotIpAddress outside", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, "198.51.100.1", isTrue},
		{"NotIpAddress inside", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, "192.0.2.9", isFalse},
		// observed: a request value that is not an address makes both
		// IpAddress and NotIpAddress false.
		{"request not an IP", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "host.example", isFalse},
		{"NotIpAddress request not an IP", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "host.example", isFalse},
		{"NotIpAddress empty request", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "", isFalse},
		{"request with prefix length", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "203.0.113.1/32", isFalse},
		{"NotIpAddress request with prefix length", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "203.0.113.1/32", isFalse},
		{"leading zeros", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, "192.000.2.1", isTrue},
		// observed (condition_ip.json in the same repository).
		{"policy leading zeros", `{"IpAddress":{"aws:SourceIp":"192.000.002.0/24"}}`, "192.0.2.1", isTrue},
		{"prefix length leading zero", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/024"}}`, "192.0.2.1", isTrue},
		{"prefix length plus sign", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/+24"}}`, "192.0.2.1", isTrue},
		{"slash 0 against IPv6", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/0"}}`, "2001:db8::1", isFalse},
		{"NotIpAddress slash 0 against IPv6", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/0"}}`, "2001:db8::1", isTrue},
		{"slash 31", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/31"}}`, "192.0.2.2", isFalse},
		// decision: outside session policies a policy value that is not a
		// block is an evaluation error (TestUnparsablePolicyValues).
		{"policy not a block", `{"IpAddress":{"aws:SourceIp":"not-an-ip"}}`, "203.0.113.1", isTypeError},
		{"NotIpAddress policy not a block", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/33"}}`, "203.0.113.1", isTypeError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCondition(t, tt.cond, ctxValues{"aws:SourceIp": tt.ip}, tt.want)
		})
	}
}

func TestArnOperators(t *testing.T) {
	const src = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
	tests := []struct {
		name string
		cond string
		arn  string
		want condWant
	}{
		// The operator reference's example: StringLike lets * cross
		// colons, ArnLike matches each of the six fields separately.
		{"StringLike crosses fields", `{"StringLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`, src, isTrue},
		{"ArnLike per field", `{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`, src, isFalse},
		{"ArnLike match", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:topic-*"}}`, "arn:aws:sns:us-east-1:123456789012:topic-a", isTrue},
		{"ArnLike resource part crosses colons", `{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:123456789012:function:*"}}`, "arn:aws:lambda:us-east-1:123456789012:function:f:alias", isTrue},
		{"ArnLike question", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::bucket-?"}}`, "arn:aws:s3:::bucket-1", isTrue},
		{"ArnLike case-sensitive", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::Bucket"}}`, "arn:aws:s3:::bucket", isFalse},
		// ArnEquals honours wildcards like ArnLike.
		{"ArnEquals wildcard", `{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::bucket-*"}}`, "arn:aws:s3:::bucket-1", isTrue},
		{"ArnNotLike outside", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::bucket-*"}}`, "arn:aws:s3:::other", isTrue},
		{"ArnNotEquals inside", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::bucket-*"}}`, "arn:aws:s3:::bucket-1", isFalse},
		{"ArnLike star stays in region", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:t"}}`, "arn:aws:sns:us-east-1:x:123456789012:t", isFalse},
		// observed: a request value that is not an ARN makes ArnLike and
		// ArnNotLike false.
		{"ArnLike non-ARN request", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, "bucket", isFalse},
		{"ArnNotLike non-ARN request", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, "bucket", isFalse},
		{"ArnNotLike empty request", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, "", isFalse},
		{"non-ARN policy and request", `{"ArnLike":{"aws:SourceArn":"bucket*"}}`, "bucket", isFalse},
		// observed: a pattern that is not an ARN, met before any pattern
		// matches an ARN request value, is an error: an Allow does not
		// apply and a Deny does.
		{"ArnLike non-ARN policy", `{"ArnLike":{"aws:SourceArn":"bucket*"}}`, "arn:aws:s3:::bucket", isTypeError},
		{"ArnNotLike non-ARN policy", `{"ArnNotLike":{"aws:SourceArn":"not-an-arn"}}`, "arn:aws:s3:::bucket", isTypeError},
		{"bad pattern first", `{"ArnLike":{"aws:SourceArn":["not-an-arn","arn:aws:s3:::*"]}}`, "arn:aws:s3:::b", isTypeError},
		{"bad pattern after match", `{"ArnLike":{"aws:SourceArn":["arn:aws:s3:::*","not-an-arn"]}}`, "arn:aws:s3:::b", isTrue},
		{"bad pattern after miss", `{"ArnLike":{"aws:SourceArn":["arn:aws:sns:*:*:*","not-an-arn"]}}`, "arn:aws:s3:::b", isTypeError},
		{"negated bad pattern after match", `{"ArnNotLike":{"aws:SourceArn":["arn:aws:s3:::*","not-an-arn"]}}`, "arn:aws:s3:::b", isFalse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCondition(t, tt.cond, ctxValues{"aws:SourceArn": tt.arn}, tt.want)
		})
	}
}
