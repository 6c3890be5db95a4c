package evaluator

import "strings"

// indexMinStatements is the statement count from which Compile builds an
// action index; below it a linear scan is as fast.
const indexMinStatements = 32

// actionIndex lists, per lower-cased service prefix, the statements whose
// every Action value names that service without wildcards in the prefix.
// Statements with NotAction, or with a wildcard or no colon in a prefix,
// are in generic and are checked for every action.
type actionIndex struct {
	byService map[string][]int32
	generic   []int32
}

func buildActionIndex(stmts []statement) *actionIndex {
	idx := &actionIndex{byService: make(map[string][]int32)}
	for i := range stmts {
		services, ok := literalServices(&stmts[i])
		if !ok {
			idx.generic = append(idx.generic, int32(i))
			continue
		}
		for _, svc := range services {
			list := idx.byService[svc]
			if len(list) > 0 && list[len(list)-1] == int32(i) {
				continue
			}
			idx.byService[svc] = append(list, int32(i))
		}
	}
	return idx
}

// literalServices returns the distinct service prefixes of a statement's
// Action values, or false when a value has no literal prefix.
func literalServices(s *statement) ([]string, bool) {
	if s.actionNot || len(s.actions) == 0 {
		return nil, false
	}
	var out []string
	for _, a := range s.actions {
		svc, _, found := strings.Cut(a.text, ":")
		if !found || hasWildcard(svc) {
			return nil, false
		}
		dup := false
		for _, o := range out {
			dup = dup || o == svc
		}
		if !dup {
			out = append(out, svc)
		}
	}
	return out, true
}

// candidates returns the two sorted statement lists that may match the
// request's action.
func (idx *actionIndex) candidates(st *evalState) (a, b []int32) {
	if st.serviceLen < 0 {
		// A service prefix longer than serviceBuf is longer than any
		// AWS service name, so no indexed statement can match it either.
		return idx.generic, nil
	}
	return idx.generic, idx.byService[string(st.serviceBuf[:st.serviceLen])]
}
