package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// Report is the outcome of a run.
type Report struct {
	// Target is "in-process" or the endpoint URL.
	Target string

	Results []Result

	Passed, Failed, Skipped int

	// Notes are lines the text report prints after the summary, such as
	// where evaluation cases ran.
	Notes []string

	// Unreachable is set when the run stopped because the endpoint could
	// not be reached; Results then holds only the cases before it.
	Unreachable *UnreachableError
}

func (r *Report) add(res Result) {
	r.Results = append(r.Results, res)
	switch res.Status {
	case Passed:
		r.Passed++
	case Failed:
		r.Failed++
	case Skipped:
		r.Skipped++
	}
}

// Summary returns "N passed, N failed" and ", N skipped" when any were.
func (r *Report) Summary() string {
	s := fmt.Sprintf("%d passed, %d failed", r.Passed, r.Failed)
	if r.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", r.Skipped)
	}
	return s
}

// WriteText writes one line per failing case, "file: name: reason", then
// the summary and the notes.
func (r *Report) WriteText(w io.Writer) error {
	for _, res := range r.Results {
		if res.Status == Failed {
			if _, err := fmt.Fprintf(w, "%s: %s\n", res.Case.ID(), res.Reason); err != nil {
				return err
			}
		}
	}
	if _, err := fmt.Fprintln(w, r.Summary()); err != nil {
		return err
	}
	for _, n := range r.Notes {
		if _, err := fmt.Fprintln(w, n); err != nil {
			return err
		}
	}
	return nil
}

type jsonResult struct {
	File       string  `json:"file"`
	Name       string  `json:"name"`
	Kind       Kind    `json:"kind"`
	Source     string  `json:"source"`
	Status     Status  `json:"status"`
	Reason     string  `json:"reason,omitempty"`
	DurationMS float64 `json:"duration_ms"`
}

type jsonReport struct {
	Target  string       `json:"target"`
	Passed  int          `json:"passed"`
	Failed  int          `json:"failed"`
	Skipped int          `json:"skipped"`
	Notes   []string     `json:"notes,omitempty"`
	Results []jsonResult `json:"results"`
}

// WriteJSON writes the report as one JSON object with every case.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Target: r.Target, Passed: r.Passed, Failed: r.Failed, Skipped: r.Skipped,
		Notes: r.Notes, Results: make([]jsonResult, 0, len(r.Results))}
	for _, res := range r.Results {
		out.Results = append(out.Results, jsonResult{
			File: res.Case.File, Name: res.Case.Name, Kind: res.Case.Kind, Source: res.Case.Source,
			Status: res.Status, Reason: res.Reason, DurationMS: ms(res.Duration),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// JUnit XML, in the shape Jenkins, GitLab and GitHub test reporters read:
// one testsuite per case file, one testcase per case.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML.
func (r *Report) WriteJUnit(w io.Writer) error {
	out := junitSuites{Name: "iamgate conformance (" + r.Target + ")", Tests: len(r.Results),
		Failures: r.Failed, Skipped: r.Skipped}
	index := map[string]int{}
	var total []time.Duration
	for _, res := range r.Results {
		i, ok := index[res.Case.File]
		if !ok {
			i = len(out.Suites)
			index[res.Case.File] = i
			out.Suites = append(out.Suites, junitSuite{Name: res.Case.File})
			total = append(total, 0)
		}
		s := &out.Suites[i]
		tc := junitCase{Name: res.Case.Name, Classname: res.Case.File, Time: seconds(res.Duration)}
		switch res.Status {
		case Failed:
			tc.Failure = &junitMessage{Message: res.Reason, Text: "source: " + res.Case.Source}
			s.Failures++
		case Skipped:
			tc.Skipped = &junitMessage{Message: res.Reason}
			s.Skipped++
		}
		s.Tests++
		total[i] += res.Duration
		s.Cases = append(s.Cases, tc)
	}
	for i := range out.Suites {
		out.Suites[i].Time = seconds(total[i])
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
