package evaluator

import "testing"

// Expectations without another comment come from the IAM condition
// operator reference:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Cases marked "decision" follow docs/semantics.md, where AWS documents
// no behaviour.

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
		{"big integers exact", `{"NumericLessThan":{"s3:max-keys":"9007199254740993"}}`, "9007199254740992", isTrue},
		{"negative zero", `{"NumericEquals":{"s3:max-keys":"0"}}`, "-0.0", isTrue},
		// decision: a value that is not a number is a type error.
		{"request not a number", `{"NumericEquals":{"s3:max-keys":"10"}}`, "ten", isTypeError},
		{"policy not a number", `{"NumericLessThan":{"s3:max-keys":"ten"}}`, "10", isTypeError},
		{"negated with non-number", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, "1e3", isTypeError},
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
		// decision: a value that is not a date is a type error.
		{"invalid request date", `{"DateLessThan":{"aws:CurrentTime":"2020-04-01"}}`, "yesterday", isTypeError},
		{"invalid policy date", `{"DateLessThan":{"aws:CurrentTime":"2020-02-30"}}`, "2020-01-01", isTypeError},
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
		// decision: Bool compares true and false in any letter case.
		{"Bool case", `{"Bool":{"aws:SecureTransport":"True"}}`, ctxValues{"aws:SecureTransport": "TRUE"}, isTrue},
		{"Bool absent", `{"Bool":{"aws:SecureTransport":"false"}}`, ctxValues{}, isFalse},
		{"BoolIfExists absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ctxValues{}, isTrue},
		// decision: a Bool value other than true or false is a type error.
		{"Bool not boolean", `{"Bool":{"aws:SecureTransport":"yes"}}`, ctxValues{"aws:SecureTransport": "true"}, isTypeError},
		{"BinaryEquals", `{"BinaryEquals":{"k:bin":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctxValues{"k:bin": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, isTrue},
		{"BinaryEquals other bytes", `{"BinaryEquals":{"k:bin":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctxValues{"k:bin": "QUJD"}, isFalse},
		{"BinaryEquals bad base64", `{"BinaryEquals":{"k:bin":"QUJD"}}`, ctxValues{"k:bin": "!!"}, isTypeError},
		// Null: true means the key is absent, false that it is present.
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
		// decision: values that are not addresses are type errors.
		{"request not an IP", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, "host.example", isTypeError},
		{"policy not a CIDR", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/33"}}`, "203.0.113.1", isTypeError},
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
		// decision: a value that is not an ARN is a type error, so
		// ArnNotLike on a non-ARN never allows.
		{"ArnLike non-ARN request", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, "bucket", isTypeError},
		{"ArnNotLike non-ARN request", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, "bucket", isTypeError},
		{"ArnLike non-ARN policy", `{"ArnLike":{"aws:SourceArn":"bucket*"}}`, "arn:aws:s3:::bucket", isTypeError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCondition(t, tt.cond, ctxValues{"aws:SourceArn": tt.arn}, tt.want)
		})
	}
}
