package world

import (
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
)

//go:embed demo/world.yaml
var demoWorld []byte

// DemoProfiles names the AWS shared-credentials profile of each demo
// access key, in the order WriteCredentialsFile writes them.
var DemoProfiles = map[string]string{
	"ASIADEMOAPPSESSION01": "default",
	"AKIADEMOADMIN0000001": "admin",
	"AKIADEMOINTERN000001": "intern",
	"ASIADEMOSANDBOX00001": "sandbox",
}

// DemoSource returns the embedded demo world file.
func DemoSource() []byte {
	return append([]byte(nil), demoWorld...)
}

// Demo parses the embedded demo world and replaces every secret and
// session token with a fresh random value, so that no two starts share
// credentials.
func Demo() (*World, error) {
	w, err := Parse(demoWorld)
	if err != nil {
		return nil, fmt.Errorf("world: embedded demo world: %w", err)
	}
	for _, c := range w.creds {
		c.secret = randomString(30)
		if c.sessionToken != "" {
			c.sessionToken = randomString(90)
		}
	}
	return w, nil
}

func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawStdEncoding.EncodeToString(b)
}

// CredentialsFile returns an AWS shared-credentials file holding every
// credential of the world, one profile each. profiles maps access key ids
// to profile names; a key without one gets its access key id as name.
func (w *World) CredentialsFile(profiles map[string]string) []byte {
	var b strings.Builder
	b.WriteString("# Written by iamgate serve. These credentials only work against it.\n")
	for _, id := range w.credOrder {
		c := w.creds[id]
		name := profiles[id]
		if name == "" {
			name = id
		}
		fmt.Fprintf(&b, "\n# %s\n[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
			c.principal, name, id, c.secret)
		if c.sessionToken != "" {
			fmt.Fprintf(&b, "aws_session_token = %s\n", c.sessionToken)
		}
	}
	return []byte(b.String())
}
