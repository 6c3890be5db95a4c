package evaluator

// Request is one authorization request.
type Request struct {
	Principal Principal

	// Action is the action name, for example "sts:GetWebIdentityToken".
	// Action names compare case-insensitively.
	Action string

	// Resource is the resource ARN, or "*" for an action without a
	// resource type.
	Resource string

	// ResourceAccount is the account that owns the resource. Empty means
	// the principal's account.
	ResourceAccount string

	// Context holds the condition keys. Nil means no keys beyond those
	// derived from the principal.
	Context *Context
}

// Keys derived from the principal, lower-cased.
const (
	keyPrincipalArn          = "aws:principalarn"
	keyPrincipalAccount      = "aws:principalaccount"
	keyPrincipalType         = "aws:principaltype"
	keyUsername              = "aws:username"
	keyUserid                = "aws:userid"
	keyPrincipalIsAWSService = "aws:principalisawsservice"
	keyPrincipalServiceName  = "aws:principalservicename"
)

// evalState holds what one Evaluate call computes once and shares across
// policies. It lives on the stack.
type evalState struct {
	req         *Request
	account     string
	resAccount  string
	serviceBuf  [64]byte // lower-cased service prefix of the action
	serviceLen  int      // -1 when the prefix does not fit serviceBuf
	lowerPrefix bool     // the action's service prefix is already lower case
	roleARN     string
	roleDone    bool
	userID      string
	userIDDone  bool
	boundary    bool // the principal has a permissions boundary
	trace       *[]StatementTrace
}

func (st *evalState) init(req *Request, hasBoundary bool) {
	st.req = req
	st.account = req.Principal.account()
	st.resAccount = req.ResourceAccount
	if st.resAccount == "" {
		st.resAccount = st.account
	}
	st.boundary = hasBoundary
	st.serviceLen = st.lowerService(req.Action)
}

// lowerService copies the lower-cased service prefix of action into
// serviceBuf and returns its length, or -1 when it does not fit.
func (st *evalState) lowerService(action string) int {
	end := len(action)
	for i := 0; i < len(action); i++ {
		if action[i] == ':' {
			end = i
			break
		}
	}
	if end > len(st.serviceBuf) {
		return -1
	}
	st.lowerPrefix = true
	for i := 0; i < end; i++ {
		st.serviceBuf[i] = asciiLower(action[i])
		st.lowerPrefix = st.lowerPrefix && st.serviceBuf[i] == action[i]
	}
	return end
}

// service returns the request's service prefix when it is already lower
// case, as AWS writes it, or "" otherwise, which turns off the quick
// rejection of statements for other services.
func (st *evalState) service() string {
	if st.serviceLen < 0 || !st.lowerPrefix {
		return ""
	}
	return st.req.Action[:st.serviceLen]
}

// principalRoleARN returns the role ARN of a role session, computing it
// at most once per request.
func (st *evalState) principalRoleARN() string {
	if !st.roleDone {
		st.roleARN = st.req.Principal.roleARN()
		st.roleDone = true
	}
	return st.roleARN
}

// lookup returns the value of a lower-cased condition key: the request
// context first, then the keys derived from the principal.
func (st *evalState) lookup(lowerKey string) valueSet {
	if e := st.req.Context.lookup(lowerKey); e != nil {
		if e.multi {
			return valueSet{many: e.values, present: true, multi: true}
		}
		if len(e.values) == 0 {
			return valueSet{}
		}
		return singleValue(e.values[0])
	}
	return st.derived(lowerKey)
}

func (st *evalState) derived(lowerKey string) valueSet {
	p := &st.req.Principal
	var v string
	switch lowerKey {
	case keyPrincipalArn:
		if p.signed() {
			v = p.ARN
			if p.Kind == PrincipalRoleSession {
				v = st.principalRoleARN()
			}
		}
	case keyPrincipalAccount:
		if p.signed() {
			v = st.account
		}
	case keyPrincipalType:
		v = p.principalType()
	case keyUsername:
		v = p.userName()
	case keyUserid:
		if !st.userIDDone {
			st.userID, st.userIDDone = p.userID(), true
		}
		v = st.userID
	case keyPrincipalIsAWSService:
		if p.Kind == PrincipalService {
			v = "true"
		} else if p.Kind != PrincipalAnonymous {
			v = "false"
		}
	case keyPrincipalServiceName:
		if p.Kind == PrincipalService {
			v = p.ARN
		}
	}
	if v == "" {
		return valueSet{}
	}
	return singleValue(v)
}
