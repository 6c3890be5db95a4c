package world

import (
	"time"

	"github.com/iamgate/iamgate/issuer"
)

// World is a validated world file: accounts, the organization, principals,
// VPC endpoints and API credentials. It is read-only after Parse and safe
// for concurrent use.
type World struct {
	// Region is the region of the STS endpoint, us-east-1 by default.
	Region string

	accounts     map[string]*Account
	accountOrder []string
	org          *organization
	policies     map[string]namedPolicy

	users        map[string]*user    // by user ARN
	roles        map[string]*role    // by role ARN, with path
	sessions     map[string]*session // by assumed-role session ARN
	sessionOrder []string
	federated    map[string]*federated // by federated-user ARN
	vpces        map[string]*vpcEndpoint
	creds        map[string]*credential // by access key id
	credOrder    []string
}

func newWorld() *World {
	return &World{
		accounts:  map[string]*Account{},
		policies:  map[string]namedPolicy{},
		users:     map[string]*user{},
		roles:     map[string]*role{},
		sessions:  map[string]*session{},
		federated: map[string]*federated{},
		vpces:     map[string]*vpcEndpoint{},
		creds:     map[string]*credential{},
	}
}

// Account is an AWS account of the world.
type Account struct {
	ID   string
	Name string

	// FederationEnabled is the outbound federation state at start.
	FederationEnabled bool

	// IssuerID pins the UUID in the account's issuer URL; "" lets the
	// registry pick one.
	IssuerID string

	scps, rcps []namedPolicy
	pos
}

// Accounts returns the accounts in file order.
func (w *World) Accounts() []*Account {
	out := make([]*Account, len(w.accountOrder))
	for i, id := range w.accountOrder {
		out[i] = w.accounts[id]
	}
	return out
}

// organization is the AWS Organizations tree.
type organization struct {
	id         string
	management string
	rootID     string
	// levels maps each member account to its chain of nodes from the
	// root down to its OU; the account's own level is added at build time.
	levels map[string][]*orgNode
}

// orgNode is the root or an OU with the policies attached to it.
type orgNode struct {
	id         string
	scps, rcps []namedPolicy
}

type user struct {
	account, name, path, arn, id string
	tags                         map[string]string
	policies                     []namedPolicy
	boundary                     *namedPolicy
}

type role struct {
	account, name, path, arn, id string
	tags                         map[string]string
	policies                     []namedPolicy
	boundary                     *namedPolicy
	serviceLinked                bool
}

type session struct {
	role           *role
	name, arn      string
	tags           map[string]string
	policies       []namedPolicy
	sourceIdentity string
	expires        time.Time
	region         string
	context        computeContext
	origin         issuer.OriginIdentity
}

// computeContext is the compute or federation context of a session.
type computeContext struct {
	ec2InstanceARN, ec2VPC, ec2PrivateIPv4, ec2RoleDelivery string
	lambdaFunctionARN                                       string
	federatedProvider                                       string
	identityStoreUserID, identityStoreARN                   string
}

type federated struct {
	account, name, arn string
	policies           []namedPolicy
}

type vpcEndpoint struct {
	id, vpc, account string
	policy           namedPolicy
}

type credential struct {
	accessKeyID, secret, sessionToken string
	principal                         string
	vpce                              *vpcEndpoint
	caller                            *issuer.Caller
}
