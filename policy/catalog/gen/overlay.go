package main

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/policy/catalog/internal/format"
)

// overlay holds facts the data package lacks; see overlay.json.
type overlay struct {
	ConditionKeys []struct {
		Service string `json:"service"`
		Name    string `json:"name"`
		Type    string `json:"type"`
	} `json:"conditionKeys"`
	Actions []struct {
		Service        string   `json:"service"`
		Name           string   `json:"name"`
		AccessLevel    string   `json:"accessLevel"`
		PermissionOnly bool     `json:"permissionOnly"`
		ConditionKeys  []string `json:"conditionKeys"`
	} `json:"actions"`
	ActionConditionKeys []struct {
		Action        string   `json:"action"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"actionConditionKeys"`
	PermissionOnly []struct {
		Action string `json:"action"`
	} `json:"permissionOnly"`
}

func readOverlay(path string) (*overlay, error) {
	var ov overlay
	if err := readJSON(path, &ov); err != nil {
		return nil, err
	}
	return &ov, nil
}

func (ov *overlay) apply(file *format.File) error {
	for _, k := range ov.ConditionKeys {
		svc, err := findService(file, k.Service)
		if err != nil {
			return err
		}
		i := addKey(svc, keyIndex(svc), k.Name, k.Type)
		svc.Keys[i].Type = k.Type
	}
	for _, a := range ov.Actions {
		svc, err := findService(file, a.Service)
		if err != nil {
			return err
		}
		if i := findAction(svc, a.Name); i >= 0 {
			svc.Actions = append(svc.Actions[:i], svc.Actions[i+1:]...)
		}
		act := format.Action{Name: a.Name, AccessLevel: a.AccessLevel, PermissionOnly: a.PermissionOnly}
		index := keyIndex(svc)
		for _, k := range a.ConditionKeys {
			act.Keys = append(act.Keys, addKey(svc, index, k, "String"))
		}
		svc.Actions = append(svc.Actions, act)
	}
	for _, ak := range ov.ActionConditionKeys {
		svc, act, err := lookupAction(file, ak.Action)
		if err != nil {
			return err
		}
		index := keyIndex(svc)
		for _, k := range ak.ConditionKeys {
			i := addKey(svc, index, k, "String")
			if !containsInt(act.Keys, i) {
				act.Keys = append(act.Keys, i)
			}
		}
	}
	for _, p := range ov.PermissionOnly {
		_, act, err := lookupAction(file, p.Action)
		if err != nil {
			return err
		}
		act.PermissionOnly = true
	}
	return nil
}

func findService(file *format.File, prefix string) (*format.Service, error) {
	for i := range file.Services {
		if file.Services[i].Prefix == prefix {
			return &file.Services[i], nil
		}
	}
	return nil, fmt.Errorf("gen: overlay names service %q, which the data does not contain", prefix)
}

func findAction(svc *format.Service, name string) int {
	for i := range svc.Actions {
		if strings.EqualFold(svc.Actions[i].Name, name) {
			return i
		}
	}
	return -1
}

func lookupAction(file *format.File, full string) (*format.Service, *format.Action, error) {
	prefix, name, _ := strings.Cut(full, ":")
	svc, err := findService(file, prefix)
	if err != nil {
		return nil, nil, err
	}
	i := findAction(svc, name)
	if i < 0 {
		return nil, nil, fmt.Errorf("gen: overlay names action %q, which the data does not contain", full)
	}
	return svc, &svc.Actions[i], nil
}

func keyIndex(svc *format.Service) map[string]int {
	index := make(map[string]int, len(svc.Keys))
	for i, k := range svc.Keys {
		index[strings.ToLower(k.Name)] = i
	}
	return index
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
