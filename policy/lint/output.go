package lint

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/iamgate/iamgate/policy/catalog"
)

// Summary counts the findings of a file or a run by severity.
type Summary struct {
	Policies         int `json:"policies"`
	Errors           int `json:"errors"`
	SecurityWarnings int `json:"security_warnings"`
	Warnings         int `json:"warnings"`
	Suggestions      int `json:"suggestions"`
}

// Summarize counts a file's policies and findings.
func Summarize(r FileResult) Summary {
	s := Summary{Policies: r.Policies}
	for _, f := range r.Findings {
		switch f.Severity {
		case Error:
			s.Errors++
		case SecurityWarning:
			s.SecurityWarnings++
		case Warning:
			s.Warnings++
		case Suggestion:
			s.Suggestions++
		}
	}
	return s
}

func (s *Summary) add(o Summary) {
	s.Policies += o.Policies
	s.Errors += o.Errors
	s.SecurityWarnings += o.SecurityWarnings
	s.Warnings += o.Warnings
	s.Suggestions += o.Suggestions
}

func (s Summary) String() string {
	return fmt.Sprintf("%d %s, %d %s, %d %s, %d %s, %d %s",
		s.Policies, plural(s.Policies, "policy", "policies"),
		s.Errors, plural(s.Errors, "error", "errors"),
		s.SecurityWarnings, plural(s.SecurityWarnings, "security warning", "security warnings"),
		s.Warnings, plural(s.Warnings, "warning", "warnings"),
		s.Suggestions, plural(s.Suggestions, "suggestion", "suggestions"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WriteText writes each finding on one line, then one summary line per
// file and a total.
func WriteText(w io.Writer, results []FileResult) error {
	var total Summary
	for _, r := range results {
		for _, f := range r.Findings {
			if _, err := fmt.Fprintln(w, f); err != nil {
				return err
			}
		}
	}
	for _, r := range results {
		s := Summarize(r)
		total.add(s)
		if _, err := fmt.Fprintf(w, "%s (%s): %s\n", r.File, r.Kind, s); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "total: %d %s, %s\n", len(results), plural(len(results), "file", "files"), total)
	return err
}

// jsonReport is the JSON output: every file with its findings and
// summary, the total, and the catalog the run used.
type jsonReport struct {
	Files   []jsonFile  `json:"files"`
	Total   Summary     `json:"total"`
	Catalog jsonCatalog `json:"catalog"`
}

type jsonFile struct {
	File     string    `json:"file"`
	Kind     string    `json:"kind"`
	Summary  Summary   `json:"summary"`
	Findings []Finding `json:"findings"`
}

type jsonCatalog struct {
	Source string `json:"source"`
	Date   string `json:"date"`
}

// WriteJSON writes the results as one indented JSON object.
func WriteJSON(w io.Writer, results []FileResult) error {
	rep := jsonReport{
		Files:   make([]jsonFile, 0, len(results)),
		Catalog: jsonCatalog{Source: catalog.DataSource(), Date: catalog.DataDate()},
	}
	for _, r := range results {
		s := Summarize(r)
		rep.Total.add(s)
		findings := r.Findings
		if findings == nil {
			findings = []Finding{}
		}
		rep.Files = append(rep.Files, jsonFile{File: r.File, Kind: r.Kind, Summary: s, Findings: findings})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
