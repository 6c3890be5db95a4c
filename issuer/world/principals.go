package world

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/issuer"
)

// uniqueID derives a stable unique id such as AIDA… or AROA… from an ARN
// when the world file does not set one.
func uniqueID(prefix, arn string) string {
	sum := sha256.Sum256([]byte(arn))
	return prefix + base32.StdEncoding.EncodeToString(sum[:])[:17]
}

func (b *builder) addUsers() {
	for i, fu := range b.file.Users {
		field := fmt.Sprintf("users[%d]", i)
		if !b.requireAccount(fu.pos, field+".account", fu.Account) {
			continue
		}
		if !iamNamePattern.MatchString(fu.Name) {
			b.errs.add(fu.pos, field+".name", "%q is not a user name; use 1 to 64 letters, digits or +=,.@_-", fu.Name)
			continue
		}
		path := b.checkPath(fu.pos, field+".path", fu.Path)
		arn := "arn:aws:iam::" + fu.Account + ":user" + path + fu.Name
		if b.principalExists(arn) {
			b.errs.add(fu.pos, field, "principal %s is defined twice", arn)
			continue
		}
		u := &user{
			account: fu.Account, name: fu.Name, path: path, arn: arn, id: fu.ID, tags: fu.Tags,
			policies: b.principalFreeList(fu.Policies, field+".policies"),
			boundary: b.principalFreePolicy(fu.Boundary, field+".boundary"),
		}
		if u.id == "" {
			u.id = uniqueID("AIDA", arn)
		}
		b.world.users[arn] = u
	}
}

func (b *builder) addRoles() {
	for i, fr := range b.file.Roles {
		field := fmt.Sprintf("roles[%d]", i)
		if !b.requireAccount(fr.pos, field+".account", fr.Account) {
			continue
		}
		if !iamNamePattern.MatchString(fr.Name) {
			b.errs.add(fr.pos, field+".name", "%q is not a role name; use 1 to 64 letters, digits or +=,.@_-", fr.Name)
			continue
		}
		path := b.checkPath(fr.pos, field+".path", fr.Path)
		arn := "arn:aws:iam::" + fr.Account + ":role" + path + fr.Name
		if b.principalExists(arn) {
			b.errs.add(fr.pos, field, "principal %s is defined twice", arn)
			continue
		}
		r := &role{
			account: fr.Account, name: fr.Name, path: path, arn: arn, id: fr.ID, tags: fr.Tags,
			policies:      b.principalFreeList(fr.Policies, field+".policies"),
			boundary:      b.principalFreePolicy(fr.Boundary, field+".boundary"),
			serviceLinked: fr.ServiceLinked,
		}
		if r.id == "" {
			r.id = uniqueID("AROA", arn)
		}
		b.world.roles[arn] = r
	}
}

func (b *builder) addSessions() {
	for i, fs := range b.file.Sessions {
		field := fmt.Sprintf("sessions[%d]", i)
		r, ok := b.world.roles[fs.Role]
		if !ok {
			b.errs.add(fs.pos, field+".role", "no role has ARN %q; use the full role ARN with its path, as listed under roles", fs.Role)
			continue
		}
		if !sessionPattern.MatchString(fs.Name) {
			b.errs.add(fs.pos, field+".name", "%q is not a session name; use 2 to 64 letters, digits or +=,.@_-", fs.Name)
			continue
		}
		arn := "arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/" + fs.Name
		if b.principalExists(arn) {
			b.errs.add(fs.pos, field, "session %s is defined twice", arn)
			continue
		}
		region := fs.Region
		if region == "" {
			region = b.world.Region
		} else if !regionPattern.MatchString(region) {
			b.errs.add(fs.pos, field+".region", "%q is not a region name; use one such as us-east-1", region)
		}
		b.world.sessionOrder = append(b.world.sessionOrder, arn)
		b.world.sessions[arn] = &session{
			role: r, name: fs.Name, arn: arn, tags: fs.Tags,
			policies:       b.principalFreeList(fs.Policies, field+".policies"),
			sourceIdentity: fs.SourceIdentity,
			expires:        b.sessionExpiry(fs, field),
			region:         region,
			context:        b.sessionContext(fs.Context, field+".context"),
			origin:         b.sessionOrigin(fs.Origin, field+".origin"),
		}
	}
}

// sessionContext copies the compute context; a session has at most one
// kind of it.
func (b *builder) sessionContext(fc *fileContext, field string) computeContext {
	var c computeContext
	if fc == nil {
		return c
	}
	kinds := 0
	if e := fc.EC2; e != nil {
		kinds++
		if !strings.HasPrefix(e.InstanceARN, "arn:aws:ec2:") {
			b.errs.add(e.pos, field+".ec2.instance_arn", "%q is not an EC2 instance ARN; use arn:aws:ec2:REGION:ACCOUNT:instance/i-…", e.InstanceARN)
		}
		c.ec2InstanceARN, c.ec2VPC, c.ec2PrivateIPv4, c.ec2RoleDelivery = e.InstanceARN, e.VPC, e.PrivateIPv4, e.RoleDelivery
	}
	if l := fc.Lambda; l != nil {
		kinds++
		if !strings.HasPrefix(l.FunctionARN, "arn:aws:lambda:") {
			b.errs.add(l.pos, field+".lambda.function_arn", "%q is not a Lambda function ARN", l.FunctionARN)
		}
		c.lambdaFunctionARN = l.FunctionARN
	}
	if f := fc.Federated; f != nil {
		kinds++
		c.federatedProvider = f.Provider
	}
	if s := fc.IdentityStore; s != nil {
		kinds++
		c.identityStoreUserID, c.identityStoreARN = s.UserID, s.StoreARN
	}
	if kinds > 1 {
		b.errs.add(fc.pos, field, "a session has one kind of context; keep one of ec2, lambda, federated, identity_store")
	}
	return c
}

// sessionOrigin copies the origin identity; a subject needs an issuer or a
// federated provider, as SubjectMode OriginIdentity requires.
func (b *builder) sessionOrigin(fo *fileOrigin, field string) issuer.OriginIdentity {
	if fo == nil {
		return issuer.OriginIdentity{}
	}
	if fo.Subject == "" {
		b.errs.add(fo.pos, field+".subject", "missing; set the subject of the origin identity")
	}
	if fo.Issuer == "" && fo.FederatedProviderARN == "" {
		b.errs.add(fo.pos, field, "set issuer or federated_provider_arn")
	}
	if fo.SubjectType != "" && fo.SubjectType != "user" && fo.SubjectType != "workload" {
		b.errs.add(fo.pos, field+".subject_type", "%q is not a subject type; use user or workload", fo.SubjectType)
	}
	return issuer.OriginIdentity{
		Subject: fo.Subject, SubjectType: fo.SubjectType,
		Issuer: fo.Issuer, FederatedProviderARN: fo.FederatedProviderARN,
	}
}

func (b *builder) addFederatedUsers() {
	for i, ff := range b.file.FederatedUser {
		field := fmt.Sprintf("federated_users[%d]", i)
		if !b.requireAccount(ff.pos, field+".account", ff.Account) {
			continue
		}
		if !sessionPattern.MatchString(ff.Name) {
			b.errs.add(ff.pos, field+".name", "%q is not a federated user name; use 2 to 32 letters, digits or +=,.@_-", ff.Name)
			continue
		}
		arn := "arn:aws:sts::" + ff.Account + ":federated-user/" + ff.Name
		b.world.federated[arn] = &federated{account: ff.Account, name: ff.Name, arn: arn,
			policies: b.principalFreeList(ff.Policies, field+".policies")}
	}
}

func (b *builder) addVPCEndpoints() {
	for i, fv := range b.file.VPCEndpoints {
		field := fmt.Sprintf("vpc_endpoints[%d]", i)
		if !vpceIDPattern.MatchString(fv.ID) {
			b.errs.add(fv.pos, field+".id", "%q is not a VPC endpoint id; use vpce- and 8 to 17 hex digits", fv.ID)
			continue
		}
		if fv.VPC != "" && !vpcIDPattern.MatchString(fv.VPC) {
			b.errs.add(fv.pos, field+".vpc", "%q is not a VPC id; use vpc- and 8 to 17 hex digits", fv.VPC)
		}
		if fv.Account != "" {
			b.requireAccount(fv.pos, field+".account", fv.Account)
		}
		v := &vpcEndpoint{id: fv.ID, vpc: fv.VPC, account: fv.Account}
		if p := b.optionalPolicy(fv.Policy, field+".policy"); p != nil {
			v.policy = *p
		} else {
			v.policy = mustCompile("default-vpce-policy", defaultVPCEPolicyJSON)
		}
		b.world.vpces[fv.ID] = v
	}
}

func (b *builder) addCredentials() {
	for i, fc := range b.file.Credentials {
		field := fmt.Sprintf("credentials[%d]", i)
		if !accessKeyPattern.MatchString(fc.AccessKeyID) {
			b.errs.add(fc.pos, field+".access_key_id", "%q is not an access key id; use 16 to 128 uppercase letters or digits, e.g. AKIA…", fc.AccessKeyID)
			continue
		}
		if _, dup := b.world.creds[fc.AccessKeyID]; dup {
			b.errs.add(fc.pos, field+".access_key_id", "access key %s is listed twice", fc.AccessKeyID)
			continue
		}
		if fc.SecretAccessKey == "" {
			b.errs.add(fc.pos, field+".secret_access_key", "missing; set the secret the client signs with")
		}
		c := &credential{accessKeyID: fc.AccessKeyID, secret: fc.SecretAccessKey,
			sessionToken: fc.SessionToken, principal: fc.Principal}
		b.checkCredentialPrincipal(fc, field)
		if fc.VPCEndpoint != "" {
			v, ok := b.world.vpces[fc.VPCEndpoint]
			if !ok {
				b.errs.add(fc.pos, field+".vpc_endpoint", "no VPC endpoint has id %q; list it under vpc_endpoints", fc.VPCEndpoint)
			}
			c.vpce = v
		}
		b.world.creds[fc.AccessKeyID] = c
		b.world.credOrder = append(b.world.credOrder, fc.AccessKeyID)
	}
}

// checkCredentialPrincipal requires the principal to be a user, a role
// session or a federated user, and temporary credentials to carry a
// session token as AWS's do.
func (b *builder) checkCredentialPrincipal(fc *fileCredential, field string) {
	_, isUser := b.world.users[fc.Principal]
	_, isSession := b.world.sessions[fc.Principal]
	_, isFederated := b.world.federated[fc.Principal]
	switch {
	case isUser:
	case isSession || isFederated:
		if fc.SessionToken == "" {
			b.errs.add(fc.pos, field+".session_token", "missing; credentials of %s are temporary and need a session token", fc.Principal)
		}
	default:
		if _, isRole := b.world.roles[fc.Principal]; isRole {
			b.errs.add(fc.pos, field+".principal", "%s is a role; credentials belong to a session of it: list one under sessions and use arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION", fc.Principal)
			return
		}
		b.errs.add(fc.pos, field+".principal", "no user, session or federated user has ARN %q", fc.Principal)
	}
}

func (b *builder) principalExists(arn string) bool {
	w := b.world
	_, u := w.users[arn]
	_, r := w.roles[arn]
	_, s := w.sessions[arn]
	return u || r || s
}
