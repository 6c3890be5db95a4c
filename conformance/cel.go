package conformance

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
)

// celEnv declares the variables assertions may use:
//
//	header        map: the JWT header (token cases)
//	claims        map: the JWT claims (token cases)
//	payload_bytes int: size of the claims JSON in bytes (token cases)
//	issuer        string: the issuer URL of the caller's account
//	discovery     map: the OpenID discovery document (discovery cases)
//	jwks          map: the issuer's JWKS (all issuer cases)
type celEnv struct {
	env *cel.Env
}

func newCELEnv() (*celEnv, error) {
	obj := cel.MapType(cel.StringType, cel.DynType)
	env, err := cel.NewEnv(
		cel.Variable("header", obj),
		cel.Variable("claims", obj),
		cel.Variable("payload_bytes", cel.IntType),
		cel.Variable("issuer", cel.StringType),
		cel.Variable("discovery", obj),
		cel.Variable("jwks", obj),
		ext.Strings(),
	)
	if err != nil {
		return nil, fmt.Errorf("conformance: CEL environment: %w", err)
	}
	return &celEnv{env: env}, nil
}

// compiled is one assertion ready to run.
type compiled struct {
	Assertion
	program cel.Program
}

// compile checks and plans every assertion of a case once. Each must be a
// boolean expression.
func (e *celEnv) compile(c *Case) ([]compiled, error) {
	out := make([]compiled, 0, len(c.Expect.Assertions))
	for _, a := range c.Expect.Assertions {
		ast, iss := e.env.Compile(a.Expr)
		if iss.Err() != nil {
			return nil, fmt.Errorf("%s:%d:%d: invalid CEL expression %q: %s",
				c.File, a.Pos.Line, a.Pos.Column, a.Expr, strings.ReplaceAll(iss.Err().Error(), "\n", " "))
		}
		if ast.OutputType() != cel.BoolType && ast.OutputType() != cel.DynType {
			return nil, fmt.Errorf("%s:%d:%d: CEL expression %q has type %s; an assertion must be a bool",
				c.File, a.Pos.Line, a.Pos.Column, a.Expr, ast.OutputType())
		}
		prg, err := e.env.Program(ast)
		if err != nil {
			return nil, fmt.Errorf("%s:%d:%d: CEL expression %q: %w", c.File, a.Pos.Line, a.Pos.Column, a.Expr, err)
		}
		out = append(out, compiled{Assertion: a, program: prg})
	}
	return out, nil
}

// check runs every assertion against vars and returns the first that is
// false or fails to evaluate.
func check(assertions []compiled, vars map[string]any) error {
	for _, a := range assertions {
		out, _, err := a.program.Eval(vars)
		if err != nil {
			return fmt.Errorf("expected %s, got evaluation error: %v", a.Expr, err)
		}
		if b, ok := out.Value().(bool); !ok || !b {
			return fmt.Errorf("expected %s, got false", a.Expr)
		}
	}
	return nil
}

// newVars returns a CEL activation with every variable bound to an empty
// value; each case kind then fills in what it provides.
func newVars() map[string]any {
	return map[string]any{
		"header":        map[string]any{},
		"claims":        map[string]any{},
		"payload_bytes": int64(0),
		"issuer":        "",
		"discovery":     map[string]any{},
		"jwks":          map[string]any{},
	}
}
