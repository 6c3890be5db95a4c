package world

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseTestdataWorld(t *testing.T) {
	data, err := os.ReadFile("../stsapi/testdata/world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(stsapi/testdata/world.yaml) error:\n%v", err)
	}
	if got := len(w.Accounts()); got != 4 {
		t.Errorf("len(Accounts()) = %d, want 4", got)
	}
}

func TestDemoWorldParses(t *testing.T) {
	w, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	file := string(w.CredentialsFile(DemoProfiles))
	for _, profile := range []string{"[default]", "[admin]", "[intern]", "[sandbox]"} {
		if !strings.Contains(file, profile) {
			t.Errorf("CredentialsFile() has no %s profile", profile)
		}
	}
	if strings.Contains(file, "replaced-at-start") {
		t.Error("CredentialsFile() still holds the placeholder secret")
	}
}

func TestParseErrorsNameLineAndField(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"unknown field", "accounts:\n  - id: \"111122223333\"\n    colour: red\n", `line 3: unknown field "colour" in an account`},
		{"bad account id", "accounts:\n  - id: \"1234\"\ncredentials: []\n", `line 2, column 5: accounts[0].id: "1234" is not a 12-digit account id`},
		{"unknown policy", "accounts:\n  - id: \"111122223333\"\nusers:\n  - account: \"111122223333\"\n    name: u\n    policies: [Missing]\n", `line 6, column 16: users[0].policies[0]: no policy named "Missing"`},
		{"credential principal", "accounts:\n  - id: \"111122223333\"\ncredentials:\n  - access_key_id: AKIAAAAAAAAAAAAAAAAA\n    secret_access_key: x\n    principal: arn:aws:iam::111122223333:user/ghost\n", `line 4, column 5: credentials[0].principal: no user, session or federated user has ARN`},
		{"session needs token", "accounts:\n  - id: \"111122223333\"\nroles:\n  - {account: \"111122223333\", name: r}\nsessions:\n  - {role: \"arn:aws:iam::111122223333:role/r\", name: s1}\ncredentials:\n  - {access_key_id: ASIAAAAAAAAAAAAAAAAA, secret_access_key: x, principal: \"arn:aws:sts::111122223333:assumed-role/r/s1\"}\n", `credentials[0].session_token: missing`},
		{"empty scp list", "accounts:\n  - id: \"111122223333\"\norganization:\n  id: o-abcdefghij\n  management_account: \"111122223333\"\n  root:\n    id: r-abcd\n    scps: []\n    accounts: [\"111122223333\"]\ncredentials: []\n", `organization.root.scps: empty`},
		// IAM rejects a Principal in an identity-based policy:
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
		{"identity policy with principal", "accounts:\n  - id: \"111122223333\"\npolicies:\n  Pub: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: \"*\", Action: \"*\", Resource: \"*\"}]}\nusers:\n  - account: \"111122223333\"\n    name: u\n    policies: [Pub]\n", `users[0].policies[0]: policy Pub: statement 0 has a Principal element`},
		{"bad policy document", "accounts:\n  - id: \"111122223333\"\npolicies:\n  Bad: {Version: \"2012-10-17\", Statement: [{Effect: Maybe, Action: \"*\", Resource: \"*\"}]}\n", `policies.Bad: invalid policy document`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("Parse() = nil error, want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse() error =\n%v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseErrorListUnwraps(t *testing.T) {
	_, err := Parse([]byte("accounts:\n  - id: \"1\"\n"))
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("Parse() error %v is not a *FieldError", err)
	}
	if fe.Line != 2 || fe.Field != "accounts[0].id" {
		t.Errorf("FieldError = line %d field %q, want line 2 field accounts[0].id", fe.Line, fe.Field)
	}
}
