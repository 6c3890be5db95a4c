package world

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/google/uuid"
	"gopkg.in/yaml.v3"
)

// Patterns of the identifiers a world file contains, as AWS defines them.
var (
	accountIDPattern  = regexp.MustCompile(`^[0-9]{12}$`)
	regionPattern     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	orgIDPattern      = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	rootIDPattern     = regexp.MustCompile(`^r-[0-9a-z]{4,32}$`)
	ouIDPattern       = regexp.MustCompile(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
	iamNamePattern    = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	sessionPattern    = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
	pathPattern       = regexp.MustCompile(`^/([\x21-\x7e]*/)?$`)
	accessKeyPattern  = regexp.MustCompile(`^[A-Z0-9]{16,128}$`)
	vpceIDPattern     = regexp.MustCompile(`^vpce-[0-9a-f]{8,17}$`)
	vpcIDPattern      = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	policyNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
)

// DefaultSessionLifetime is the lifetime of a session that sets neither
// expires nor expires_in, AWS's default for AssumeRole.
const DefaultSessionLifetime = time.Hour

// maxWorldBytes bounds a world file.
const maxWorldBytes = 4 << 20

// Parse reads a YAML world file and validates it. Session lifetimes given
// as expires_in count from the time of the call. The error is an ErrorList
// naming the line and field of every problem found.
func Parse(data []byte) (*World, error) {
	return parseAt(data, time.Now())
}

func parseAt(data []byte, now time.Time) (*World, error) {
	if len(data) > maxWorldBytes {
		return nil, fmt.Errorf("world: the file is %d bytes, more than the %d-byte limit", len(data), maxWorldBytes)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("world: the file is empty; add accounts and credentials as in docs/world.md")
		}
		return nil, fmt.Errorf("world: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("world: invalid file: it contains more than one YAML document; keep one")
	}

	b := newBuilder(&f, now)
	b.build()
	if err := b.errs.err(); err != nil {
		return nil, err
	}
	b.world.buildCallers()
	return b.world, nil
}

// builder validates a decoded file and resolves it into a World.
type builder struct {
	file  *file
	now   time.Time
	errs  collector
	world *World
}

func newBuilder(f *file, now time.Time) *builder {
	return &builder{file: f, now: now, world: newWorld()}
}

func (b *builder) build() {
	w := b.world
	w.Region = b.file.Region
	if w.Region == "" {
		w.Region = "us-east-1"
	} else if !regionPattern.MatchString(w.Region) {
		b.errs.add(b.file.pos, "region", "%q is not a region name; use one such as us-east-1", w.Region)
	}

	b.resolveNamedPolicies()
	b.addAccounts()
	b.addOrganization()
	b.addUsers()
	b.addRoles()
	b.addSessions()
	b.addFederatedUsers()
	b.addVPCEndpoints()
	b.addCredentials()
	if len(b.file.Credentials) == 0 {
		b.errs.add(b.file.pos, "credentials", "no credentials; add at least one access key so clients can sign requests")
	}
}

func (b *builder) addAccounts() {
	if len(b.file.Accounts) == 0 {
		b.errs.add(b.file.pos, "accounts", "no accounts; add one with id: \"111122223333\"")
	}
	for i, fa := range b.file.Accounts {
		field := fmt.Sprintf("accounts[%d]", i)
		if !accountIDPattern.MatchString(fa.ID) {
			b.errs.add(fa.pos, field+".id", "%q is not a 12-digit account id; quote it, e.g. id: \"111122223333\"", fa.ID)
			continue
		}
		if _, dup := b.world.accounts[fa.ID]; dup {
			b.errs.add(fa.pos, field+".id", "account %s is listed twice; keep one entry", fa.ID)
			continue
		}
		if fa.IssuerID != "" {
			if _, err := uuid.Parse(fa.IssuerID); err != nil {
				b.errs.add(fa.pos, field+".issuer_id", "%q is not a UUID; remove it to have one generated", fa.IssuerID)
			}
		}
		b.world.accounts[fa.ID] = &Account{
			ID: fa.ID, Name: fa.Name, FederationEnabled: fa.FederationEnabled, IssuerID: fa.IssuerID,
			scps: b.principalFreeList(fa.SCPs, field+".scps"),
			rcps: b.policyList(fa.RCPs, field+".rcps"),
			pos:  fa.pos,
		}
		b.world.accountOrder = append(b.world.accountOrder, fa.ID)
	}
}

// requireAccount reports whether id names a listed account, and records an
// error at p when it does not.
func (b *builder) requireAccount(p pos, field, id string) bool {
	if _, ok := b.world.accounts[id]; ok {
		return true
	}
	b.errs.add(p, field, "account %q is not listed under accounts; add it there", id)
	return false
}

// checkPath validates an IAM path, "/" when empty.
func (b *builder) checkPath(p pos, field, path string) string {
	if path == "" {
		return "/"
	}
	if !pathPattern.MatchString(path) || len(path) > 512 {
		b.errs.add(p, field, "%q is not an IAM path; it must start and end with /, e.g. /team/", path)
	}
	return path
}

// sessionExpiry resolves expires (RFC 3339) or expires_in (a Go duration
// such as 1h30m, counted from parse time).
func (b *builder) sessionExpiry(s *fileSession, field string) time.Time {
	switch {
	case s.Expires != "" && s.ExpiresIn != "":
		b.errs.add(s.pos, field, "set expires or expires_in, not both")
	case s.Expires != "":
		t, err := time.Parse(time.RFC3339, s.Expires)
		if err != nil {
			b.errs.add(s.pos, field+".expires", "%q is not an RFC 3339 time; use e.g. 2027-01-02T15:04:05Z", s.Expires)
		}
		return t
	case s.ExpiresIn != "":
		d, err := time.ParseDuration(s.ExpiresIn)
		if err != nil || d <= 0 {
			b.errs.add(s.pos, field+".expires_in", "%q is not a positive duration; use e.g. 1h or 45m", s.ExpiresIn)
		}
		return b.now.Add(d)
	}
	return b.now.Add(DefaultSessionLifetime)
}
