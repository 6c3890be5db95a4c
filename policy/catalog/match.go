package catalog

import "strings"

// MatchActions returns the actions that pattern matches, where pattern is
// "prefix:Name" with the IAM wildcards '*' (any run of characters) and '?'
// (one character) in either part; "*" alone matches every action. Matching
// is case-insensitive. The result is in catalog order and is nil when
// nothing matches.
func MatchActions(pattern string) []*ActionInfo {
	if pattern == "*" {
		var all []*ActionInfo
		for _, svc := range Services() {
			all = append(all, svc.Actions...)
		}
		return all
	}
	prefix, name, ok := strings.Cut(strings.ToLower(pattern), ":")
	if !ok {
		return nil
	}
	var services []*ServiceInfo
	if strings.ContainsAny(prefix, "*?") {
		for _, svc := range Services() {
			if Wildcard(prefix, strings.ToLower(svc.Prefix)) {
				services = append(services, svc)
			}
		}
	} else if svc, ok := Service(prefix); ok {
		services = []*ServiceInfo{svc}
	}
	var out []*ActionInfo
	for _, svc := range services {
		if !strings.ContainsAny(name, "*?") {
			if a, ok := svc.Action(name); ok {
				out = append(out, a)
			}
			continue
		}
		for _, a := range svc.Actions {
			if Wildcard(name, a.lower) {
				out = append(out, a)
			}
		}
	}
	return out
}

// Wildcard reports whether s matches pattern, in which '*' matches any run
// of characters and '?' exactly one. The comparison is case-sensitive;
// lower-case both sides for IAM action names.
func Wildcard(pattern, s string) bool {
	star, match := -1, 0
	p, i := 0, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, match = p, i
			p++
		case star >= 0:
			p = star + 1
			match++
			i = match
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
