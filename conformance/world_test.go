package conformance

import (
	"os"
	"testing"
)

func TestSuiteWorldParses(t *testing.T) {
	data, err := os.ReadFile("suite/issuer/suite.world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseWorld(&WorldRef{Path: "suite/issuer/suite.world.yaml", Text: data}); err != nil {
		t.Fatal(err)
	}
}
