package main

import (
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/issuer/world"
)

var conformanceArgs = []string{"conformance", "testdata/conformance/cases.yaml", "--skip", "testdata/conformance/skip.yaml"}

func TestConformanceText(t *testing.T) {
	out, errOut, status := runCmd(t, conformanceArgs...)
	if status != 1 {
		t.Errorf("status = %d, want 1 (one case fails)", status)
	}
	if errOut != "" {
		t.Errorf("stderr = %q, want empty: the report names the failure", errOut)
	}
	want := "testdata/conformance/cases.yaml: wrong-on-purpose: expected Allow, got ImplicitDeny (decided by identity)\n" +
		"1 passed, 1 failed, 1 skipped\n"
	if out != want {
		t.Errorf("output =\n%s\nwant\n%s", out, want)
	}
}

func TestConformanceRunFilter(t *testing.T) {
	out, _, status := runCmd(t, append(conformanceArgs, "--run", ": allow$")...)
	if status != 0 {
		t.Errorf("status = %d, want 0", status)
	}
	if out != "1 passed, 0 failed\n" {
		t.Errorf("output = %q, want %q", out, "1 passed, 0 failed\n")
	}
}

func TestConformanceJSON(t *testing.T) {
	out, _, _ := runCmd(t, append(conformanceArgs, "--output", "json")...)
	var rep struct {
		Passed, Failed, Skipped int
		Results                 []struct {
			Name, Status, Reason, Source string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if rep.Passed != 1 || rep.Failed != 1 || rep.Skipped != 1 {
		t.Errorf("counts = %d/%d/%d, want 1/1/1", rep.Passed, rep.Failed, rep.Skipped)
	}
	if len(rep.Results) != 3 || rep.Results[1].Status != "failed" || rep.Results[2].Reason != "shows the skip count in the report" {
		t.Errorf("results = %+v", rep.Results)
	}
}

func TestConformanceJUnit(t *testing.T) {
	out, _, _ := runCmd(t, append(conformanceArgs, "--output", "junit")...)
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, out)
	}
	if doc.Tests != 3 || doc.Failures != 1 || doc.Skipped != 1 {
		t.Errorf("tests/failures/skipped = %d/%d/%d, want 3/1/1", doc.Tests, doc.Failures, doc.Skipped)
	}
	if len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 3 {
		t.Fatalf("suites = %+v, want one suite of three cases", doc.Suites)
	}
	c := doc.Suites[0].Cases
	if c[0].Failure != nil || c[1].Failure == nil || c[2].Skipped == nil {
		t.Errorf("testcase outcomes = %+v", c)
	}
	if c[1].Failure != nil && !strings.Contains(c[1].Failure.Message, "expected Allow, got ImplicitDeny") {
		t.Errorf("failure message = %q", c[1].Failure.Message)
	}
}

func TestConformanceUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"conformance", "--output", "tap"}, `invalid --output "tap"`},
		{[]string{"conformance", "--run", "("}, "invalid --run"},
		{[]string{"conformance", "testdata/absent"}, "no such file or directory"},
		{[]string{"conformance", "testdata/eval/bad-effect.yaml"}, "testdata/eval/bad-effect.yaml:13:21: policy broken"},
		{[]string{"conformance", "testdata/conformance/cases.yaml", "--skip", "testdata/conformance/bad-skip.yaml"},
			`testdata/conformance/bad-skip.yaml:6: unknown key "reson" in a skip entry; use case, target and reason`},
		{[]string{"conformance", "testdata/conformance/cases.yaml", "--endpoint", "ftp://127.0.0.1"},
			`invalid --endpoint "ftp://127.0.0.1": use an http:// or https:// URL`},
		{append(append([]string(nil), conformanceArgs...), "--run", "no-such-case"), `--run "no-such-case" matches none of the 3 cases`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			_, errOut, status := runCmd(t, tt.args...)
			if status != 2 {
				t.Errorf("status = %d, want 2", status)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr = %q, want %q", errOut, tt.want)
			}
		})
	}
}

// TestConformanceEndpoint runs the suite's issuer cases through the
// command against a world server on 127.0.0.1.
func TestConformanceEndpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an HTTP server")
	}
	data, err := os.ReadFile("../../conformance/suite/issuer/suite.world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := world.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	srv, err := world.NewServer(w, world.Options{DataDir: t.TempDir(), IssuerURL: base})
	if err != nil {
		l.Close()
		t.Fatal(err)
	}
	ts := &httptest.Server{Listener: l, Config: &http.Server{Handler: srv}}
	ts.Start()
	defer ts.Close()

	// Without --skip, the skip list beside the suite directory applies.
	out, errOut, status := runCmd(t, "conformance", "../../conformance/suite/issuer", "--endpoint", base)
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q\n%s", status, errOut, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], " failed, 2 skipped") || lines[1] != "issuer cases ran against "+base {
		t.Errorf("output = %q, want the summary with 2 skipped and where the issuer cases ran", out)
	}
}

// TestConformanceUnreachable checks that a run against an endpoint that
// refuses connections stops with one line instead of failing every case.
func TestConformanceUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	l.Close()

	out, errOut, status := runCmd(t, "conformance", "../../conformance/suite", "--endpoint", base)
	if status != 1 {
		t.Errorf("status = %d, want 1", status)
	}
	if out != "" {
		t.Errorf("stdout = %q, want empty", out)
	}
	want := "iamgate conformance: cannot reach " + base + ": dial tcp "
	if !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr = %q, want one line starting %q", errOut, want)
	}
}

// TestConformanceBuiltInSuite runs the command without DIR from a
// directory that holds no suite, as a user of an installed binary would.
func TestConformanceBuiltInSuite(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Chdir(t.TempDir())
	out, errOut, status := runCmd(t, "conformance", "--run", "^(eval/operators|issuer/tokens)")
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q\n%s", status, errOut, out)
	}
	if !strings.HasSuffix(out, " passed, 0 failed\n") || strings.HasPrefix(out, "0 passed") {
		t.Errorf("output = %q, want passing cases and no failure", out)
	}
}

// TestConformanceNotesOnlyWhatRan checks that with an endpoint and only
// evaluation cases, the report does not claim issuer cases ran.
func TestConformanceNotesOnlyWhatRan(t *testing.T) {
	out, _, status := runCmd(t, append(conformanceArgs, "--run", ": allow$", "--endpoint", "http://127.0.0.1:1")...)
	if status != 0 {
		t.Errorf("status = %d, want 0", status)
	}
	want := "1 passed, 0 failed\nevaluation cases ran in-process\n"
	if out != want {
		t.Errorf("output = %q, want %q", out, want)
	}
}
