package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 output, the format code scanning services read.
// Specification: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// informationURI is the project's home page. A rule's help URI is the
// rule's section of docs/lint.md there.
const informationURI = "https://github.com/iamgate/iamgate"

// srcRoot is the URI base ID that names the working directory in the
// artifact locations relative to it.
const srcRoot = "%SRCROOT%"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	Invocations        []sarifInvocation        `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
}

// sarifInvocation records whether the run read every file. A file that
// could not be read is an error notification, which code scanning
// services show as a problem with the tool's run rather than as an alert.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifLevel maps a severity to a SARIF level. Security warnings are
// errors, because code scanning shows errors first.
func sarifLevel(s Severity) string {
	switch s {
	case Error, SecurityWarning:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// securitySeverity is the score code scanning services read from a
// rule's security-severity property to rank security findings.
var securitySeverity = map[Severity]string{SecurityWarning: "7.5", Error: "5.0"}

// WriteSARIF writes the results as one SARIF 2.1.0 log with one run and
// one invocation. A file that could not be read is an error notification
// of the invocation, which then reports executionSuccessful false.
// Every rule is listed, so that results index rules stably. File names
// become URIs relative to the working directory, with the base ID
// %SRCROOT% naming that directory, so that code scanning services match
// them to files in the repository; a file outside the working directory
// gets an absolute file URI.
func WriteSARIF(w io.Writer, results []FileResult) error {
	all := Rules()
	index := make(map[string]int, len(all))
	driver := sarifDriver{Name: "iamgate", InformationURI: informationURI,
		Rules: make([]sarifRule, 0, len(all))}
	for i, r := range all {
		index[r.Code] = i
		driver.Rules = append(driver.Rules, sarifRuleFor(r))
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	wd, err := os.Getwd()
	if err != nil {
		wd = ""
	}
	if wd != "" {
		root := url.URL{Scheme: "file", Path: strings.TrimSuffix(filepath.ToSlash(wd), "/") + "/"}
		run.OriginalURIBaseIDs = map[string]sarifArtifact{srcRoot: {URI: root.String()}}
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, r := range results {
		if r.ReadError != nil {
			inv.ExecutionSuccessful = false
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: artifactLocation(r.File, wd)}}
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{r.File + ": " + r.ReadError.Error()}, Locations: []sarifLocation{loc}})
		}
		for _, f := range r.Findings {
			run.Results = append(run.Results, sarifResultFor(f, index[f.Code], wd))
		}
	}
	run.Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifRuleFor(r Rule) sarifRule {
	props := map[string]any{"severity": r.Severity.String()}
	tags := []string{"iam"}
	if s, ok := securitySeverity[r.Severity]; ok && r.Severity == SecurityWarning {
		props["security-severity"] = s
		tags = append(tags, "security")
	}
	props["tags"] = tags
	return sarifRule{
		ID:                   r.Code,
		Name:                 ruleName(r.Code),
		ShortDescription:     sarifText{r.Summary},
		FullDescription:      sarifText{r.Summary},
		Help:                 sarifText{r.Help},
		HelpURI:              informationURI + "/blob/main/docs/lint.md#" + strings.ToLower(r.Code),
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties:           props,
	}
}

// ruleName turns PASS_ROLE_WITH_STAR_IN_RESOURCE into
// PassRoleWithStarInResource, the form SARIF viewers show.
func ruleName(code string) string {
	var b strings.Builder
	for _, part := range strings.Split(code, "_") {
		if part == "" {
			continue
		}
		b.WriteString(part[:1])
		b.WriteString(strings.ToLower(part[1:]))
	}
	return b.String()
}

func sarifResultFor(f Finding, ruleIndex int, wd string) sarifResult {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: artifactLocation(f.File, wd)}}
	if f.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.Column}
	}
	name := f.Path
	if f.Document != "" {
		name = f.Document + " " + f.Path
	}
	loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: name, Kind: "member"}}
	return sarifResult{
		RuleID:    f.Code,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{f.Message},
		Locations: []sarifLocation{loc},
	}
}

// artifactLocation returns the location of a file named as on the command
// line: a URI relative to the working directory wd with the base ID
// %SRCROOT%, or an absolute file URI for a file outside wd. Standard input
// is "stdin".
func artifactLocation(name, wd string) sarifArtifact {
	if name == "-" {
		return sarifArtifact{URI: "stdin"}
	}
	name = filepath.Clean(name)
	if wd != "" {
		if !filepath.IsAbs(name) && outside(name) {
			name = filepath.Join(wd, name)
		}
		if rel, err := filepath.Rel(wd, name); err == nil && !outside(rel) {
			name = rel
		}
	}
	if filepath.IsAbs(name) {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(name)}
		return sarifArtifact{URI: u.String()}
	}
	u := url.URL{Path: filepath.ToSlash(name)}
	artifact := sarifArtifact{URI: u.String()}
	if wd != "" {
		artifact.URIBaseID = srcRoot
	}
	return artifact
}

// outside reports whether a clean relative path leaves its base directory.
func outside(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
