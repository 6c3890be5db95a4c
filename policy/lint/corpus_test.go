package lint

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusWant lists the finding codes expected for each file of the corpus
// of AWS-published example policies: want with the policy type its source
// gives, guessed with the type guessed from the document. testdata/corpus/
// README.md explains each expected finding.
var corpusWant = map[string]struct{ want, guessed []string }{
	"iam-deny-ip.json":                     {},
	"iam-s3-home-directory.json":           {},
	"iam-ec2-tag-owner.json":               {},
	"iam-dynamodb-specific-table.json":     {},
	"iam-passrole-service.json":            {},
	"iam-mfa-self-manage-credentials.json": {},
	"rcp-identity-perimeter.json":          {},
	"rcp-network-perimeter.json":           {},
	"rcp-governance-session-tags.json":     {},
	"rcp-full-aws-access.json": {
		guessed: []string{CodePublicAllowWithoutCond},
	},
	"rcp-https-only.json":                  {},
	"scp-resource-perimeter.json":          {},
	"scp-network-perimeter-sourcevpc.json": {},
	"scp-data-perimeter-governance.json": {
		want: []string{CodeSizeSCP},
	},
	"scp-deny-outside-eu.json":                {},
	"scp-deny-changes-to-role.json":           {},
	"scp-deny-changes-with-exception.json":    {},
	"scp-require-mfa.json":                    {},
	"scp-restrict-root-ec2.json":              {},
	"scp-deny-leave-organization.json":        {},
	"scp-untrusted-sns-email.json":            {},
	"scp-resource-policy-configurations.json": {},
	"scp-presigned-url.json":                  {},
	"sqs-queue-data-perimeter.json":           {},
	"vpce-s3-data-perimeter.json": {
		guessed: []string{CodePublicAllowWithoutCond},
	},
	"vpce-default-data-perimeter.json": {},
	"vpce-sts-data-perimeter.json":     {},
	"s3-bucket-data-perimeter.json":    {},
	"kms-key-data-perimeter.json":      {},
	"trust-data-perimeter.json":        {},
	"kms-default-key-policy.json":      {},
	"kms-console-key-policy.json":      {},
	"trust-login-with-amazon.json":     {},
	"trust-facebook.json":              {},
	"trust-google.json":                {},
	"trust-cognito.json":               {},
	"trust-github-actions.json":        {},
	"s3-multi-account-canned-acl.json": {},
	"s3-public-read.json": {
		want:    []string{CodePublicAllowWithoutCond},
		guessed: []string{CodePublicAllowWithoutCond},
	},
	"s3-deny-outside-ip.json": {},
	"s3-allow-ipv4-ipv6.json": {},
	"s3-http-referer.json":    {},
	"s3-cloudfront-oai.json":  {},
	"s3-require-mfa.json": {
		want:    []string{CodeEmptySidValue},
		guessed: []string{CodeEmptySidValue},
	},
	"../aws/foranyvalue-audience.json": {
		want:    []string{CodeTokenAnyValueAudience},
		guessed: []string{CodeTokenAnyValueAudience},
	},
	"../aws/AWSIPAMOutboundServiceRolePolicy.json": {},
	"../aws/claude-platform-token.json": {
		want:    []string{CodeTokenAnyValueAudience},
		guessed: []string{CodeTokenAnyValueAudience},
	},
	"../aws/sts-endpoint-org-principals.json": {},
	"../aws/sts-endpoint-deny-non-org.json": {
		guessed: []string{CodePublicAllowWithoutCond},
	},
}

// corpusEntry is one row of testdata/corpus/SOURCES.tsv.
type corpusEntry struct {
	file   string
	typ    PolicyType
	source string
}

func readCorpusSources(t *testing.T) []corpusEntry {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "corpus", "SOURCES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var entries []corpusEntry
	scanner := bufio.NewScanner(f)
	for line := 1; scanner.Scan(); line++ {
		if line == 1 {
			continue
		}
		fields := strings.Split(scanner.Text(), "\t")
		if len(fields) != 3 {
			t.Fatalf("SOURCES.tsv line %d has %d fields, want 3", line, len(fields))
		}
		typ, err := ParsePolicyType(fields[1])
		if err != nil {
			t.Fatalf("SOURCES.tsv line %d: %v", line, err)
		}
		entries = append(entries, corpusEntry{fields[0], typ, fields[2]})
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestCorpus(t *testing.T) {
	entries := readCorpusSources(t)
	if len(entries) < 40 {
		t.Errorf("corpus has %d policies, want at least 40", len(entries))
	}
	for _, e := range entries {
		t.Run(e.file, func(t *testing.T) {
			want, ok := corpusWant[e.file]
			if !ok {
				t.Fatalf("%s is listed in SOURCES.tsv but has no expected findings", e.file)
			}
			if e.source == "" {
				t.Errorf("%s has no source", e.file)
			}
			path := filepath.Join("testdata", "corpus", e.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			typed := LintFile(path, src, Options{Type: e.typ})
			if got := findingCodes(typed.Findings); !slices.Equal(got, want.want) {
				t.Errorf("--type %s: codes %v, want %v\n%v", e.typ, got, want.want, typed.Findings)
			}
			guessed := LintFile(path, src, Options{})
			if got := findingCodes(guessed.Findings); !slices.Equal(got, want.guessed) {
				t.Errorf("guessed type: codes %v, want %v\n%v", got, want.guessed, guessed.Findings)
			}
		})
	}
}

// TestCorpusListed checks that every policy file in testdata/corpus has a
// source and that every expectation names a listed file.
func TestCorpusListed(t *testing.T) {
	listed := make(map[string]bool)
	for _, e := range readCorpusSources(t) {
		listed[e.file] = true
	}
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := filepath.Base(f); !listed[name] {
			t.Errorf("%s is not listed in SOURCES.tsv", name)
		}
	}
	for name := range corpusWant {
		if !listed[name] {
			t.Errorf("corpusWant names %s, which SOURCES.tsv does not list", name)
		}
	}
}

func findingCodes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}
