package world

import "fmt"

// addOrganization validates the organization tree and records, for each
// member account, the chain of nodes from the root to its OU.
func (b *builder) addOrganization() {
	fo := b.file.Organization
	if fo == nil {
		for id, a := range b.world.accounts {
			if len(a.scps) > 0 || len(a.rcps) > 0 {
				b.errs.add(a.pos, "accounts", "account %s has scps or rcps but there is no organization; add organization: or remove them", id)
			}
		}
		return
	}
	org := &organization{id: fo.ID, management: fo.ManagementAccount, levels: map[string][]*orgNode{}}
	if !orgIDPattern.MatchString(fo.ID) {
		b.errs.add(fo.pos, "organization.id", "%q is not an organization id; use o- and 10 to 32 lowercase letters or digits", fo.ID)
	}
	b.requireAccount(fo.pos, "organization.management_account", fo.ManagementAccount)
	if fo.Root == nil {
		b.errs.add(fo.pos, "organization.root", "missing; add root: {id: r-ab12, accounts: [...]}")
		return
	}
	if !rootIDPattern.MatchString(fo.Root.ID) {
		b.errs.add(fo.Root.pos, "organization.root.id", "%q is not a root id; use r- and 4 to 32 lowercase letters or digits", fo.Root.ID)
	}
	org.rootID = fo.Root.ID
	b.walkOU(org, fo.Root, nil, "organization.root", map[string]bool{})
	if _, ok := org.levels[fo.ManagementAccount]; !ok && fo.ManagementAccount != "" {
		b.errs.add(fo.pos, "organization.management_account", "account %s is not placed in the tree; list it under root.accounts", fo.ManagementAccount)
	}
	for id, a := range b.world.accounts {
		if _, member := org.levels[id]; !member && (len(a.scps) > 0 || len(a.rcps) > 0) {
			b.errs.add(a.pos, "accounts", "account %s has scps or rcps but is not in the organization tree", id)
		}
	}
	b.world.org = org
}

// walkOU records the node's accounts and recurses into its OUs. seen
// holds node ids, so that a repeated id is reported.
func (b *builder) walkOU(org *organization, fo *fileOU, parents []*orgNode, field string, seen map[string]bool) {
	if parents != nil && !ouIDPattern.MatchString(fo.ID) {
		b.errs.add(fo.pos, field+".id", "%q is not an OU id; use ou-<root suffix>-<8 to 32 letters or digits>, e.g. ou-ab12-11111111", fo.ID)
	}
	if seen[fo.ID] {
		b.errs.add(fo.pos, field+".id", "node id %s is used twice; give each OU its own id", fo.ID)
	}
	seen[fo.ID] = true

	n := &orgNode{id: fo.ID, scps: b.nodePolicies(fo, fo.SCPs, fo.scpsSet, "FullAWSAccess", field+".scps")}
	n.rcps = b.policyList(fo.RCPs, field+".rcps")
	chain := append(append([]*orgNode{}, parents...), n)

	for i, id := range fo.Accounts {
		accField := fmt.Sprintf("%s.accounts[%d]", field, i)
		if !b.requireAccount(fo.pos, accField, id) {
			continue
		}
		if _, dup := org.levels[id]; dup {
			b.errs.add(fo.pos, accField, "account %s is placed twice in the tree; an account belongs to one OU", id)
			continue
		}
		org.levels[id] = chain
	}
	for i, child := range fo.OUs {
		b.walkOU(org, child, chain, fmt.Sprintf("%s.ous[%d]", field, i), seen)
	}
}

// nodePolicies resolves the SCPs of a node. An omitted list means
// FullAWSAccess, which AWS attaches to every new node. An empty list is
// rejected because AWS requires at least one SCP on every node.
func (b *builder) nodePolicies(fo *fileOU, refs []*policyRef, set bool, def, field string) []namedPolicy {
	if !set {
		return []namedPolicy{b.world.policies[def]}
	}
	if len(refs) == 0 {
		b.errs.add(fo.pos, field, "empty; AWS requires at least one SCP on every node, e.g. [FullAWSAccess]")
	}
	return b.principalFreeList(refs, field)
}

// ouPath returns the aws:PrincipalOrgPaths value of a member account:
// "o-id/r-id/ou-id/…/".
func (o *organization) ouPath(account string) string {
	path := o.id + "/"
	for _, n := range o.levels[account] {
		path += n.id + "/"
	}
	return path
}
