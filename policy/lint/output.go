package lint

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/iamgate/iamgate/policy/catalog"
)

// Summary counts the policies and findings of a file or a run by
// severity, and the files that were skipped or could not be read.
type Summary struct {
	Unreadable       int `json:"unreadable"`
	Skipped          int `json:"skipped"`
	Policies         int `json:"policies"`
	Errors           int `json:"errors"`
	SecurityWarnings int `json:"security_warnings"`
	Warnings         int `json:"warnings"`
	Suggestions      int `json:"suggestions"`
}

// Summarize counts a file's policies and findings.
func Summarize(r FileResult) Summary {
	s := Summary{Policies: r.Policies}
	if r.ReadError != nil {
		s.Unreadable = 1
	}
	if r.Skipped != "" {
		s.Skipped = 1
	}
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
	s.Unreadable += o.Unreadable
	s.Skipped += o.Skipped
	s.Policies += o.Policies
	s.Errors += o.Errors
	s.SecurityWarnings += o.SecurityWarnings
	s.Warnings += o.Warnings
	s.Suggestions += o.Suggestions
}

// String formats the policy and finding counts, such as "1 policy,
// 0 errors, 1 security warning, 0 warnings, 0 suggestions".
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

// WriteText writes each finding on one line, and an "ERROR:" line for
// each file that could not be read, then one summary line per file and a
// total. The total names unreadable and skipped files only when there
// are any.
func WriteText(w io.Writer, results []FileResult) error {
	var total Summary
	for _, r := range results {
		if r.ReadError != nil {
			if _, err := fmt.Fprintf(w, "%s: ERROR: %v\n", r.File, r.ReadError); err != nil {
				return err
			}
		}
		for _, f := range r.Findings {
			if _, err := fmt.Fprintln(w, f); err != nil {
				return err
			}
		}
	}
	for _, r := range results {
		s := Summarize(r)
		total.add(s)
		if _, err := fmt.Fprintln(w, fileSummaryLine(r, s)); err != nil {
			return err
		}
	}
	line := fmt.Sprintf("total: %d %s, ", len(results), plural(len(results), "file", "files"))
	if total.Unreadable > 0 {
		line += fmt.Sprintf("%d unreadable, ", total.Unreadable)
	}
	if total.Skipped > 0 {
		line += fmt.Sprintf("%d skipped, ", total.Skipped)
	}
	_, err := fmt.Fprintln(w, line+total.String())
	return err
}

func fileSummaryLine(r FileResult, s Summary) string {
	switch {
	case r.ReadError != nil:
		return r.File + " (unreadable): not linted"
	case r.Skipped != "":
		return r.File + " (skipped): " + r.Skipped
	}
	return fmt.Sprintf("%s (%s): %s", r.File, r.Kind, s)
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
	Error    string    `json:"error,omitempty"`
	Skipped  string    `json:"skipped,omitempty"`
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
		file := jsonFile{File: r.File, Kind: r.Kind, Skipped: r.Skipped, Summary: s, Findings: findings}
		if r.ReadError != nil {
			file.Kind, file.Error = "unreadable", r.ReadError.Error()
		}
		rep.Files = append(rep.Files, file)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
