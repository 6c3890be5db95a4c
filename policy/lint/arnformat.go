package lint

import (
	"strings"
	"sync"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// arnFormat is the shape of one resource type's ARN in the service
// reference: whether its Region and account fields may hold a value, and
// the literal start of its resource field, such as "role/".
type arnFormat struct {
	region, account bool
	prefix          string
}

var (
	arnFormatsOnce sync.Once
	arnFormats     map[string][]arnFormat
)

// formatsForARNService returns the ARN formats of every resource type
// whose ARN names service, whichever service lists the type: sts lists
// the iam role type, for example.
func formatsForARNService(service string) []arnFormat {
	arnFormatsOnce.Do(func() {
		arnFormats = make(map[string][]arnFormat)
		for _, svc := range catalog.Services() {
			for _, rt := range svc.ResourceTypes {
				fields := strings.SplitN(rt.ARN, ":", 6)
				if len(fields) != 6 {
					continue
				}
				prefix, _, _ := strings.Cut(fields[5], "${")
				arnFormats[fields[2]] = append(arnFormats[fields[2]],
					arnFormat{region: fields[3] != "", account: fields[4] != "", prefix: prefix})
			}
		}
	})
	return arnFormats[service]
}

// checkARNFormat reports a Region or account in a resource ARN whose
// resource types all leave that field empty, such as a Region in an S3
// bucket ARN or in any IAM ARN. Access Analyzer rejects both ("ARN Region
// not allowed", "ARN account not allowed"):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// Only resource types whose resource field can match the ARN's are
// compared, and fields with wildcards or policy variables are skipped.
func (c *checker) checkARNFormat(v policy.Value, element string) {
	fields := splitARN(v.Text)
	if len(fields) != 6 || fields[0] != "arn" || !literal(fields[2]) {
		return
	}

	region, account, resource := fields[3], fields[4], fields[5]
	checkRegion := region != "" && literal(region)
	checkAccount := account != "" && literal(account)
	if !checkRegion && !checkAccount {
		return
	}

	resourcePrefix := resource
	if i := strings.IndexAny(resource, "*?$"); i >= 0 {
		resourcePrefix = resource[:i]
	}

	regionAllowed, accountAllowed, matched := false, false, false
	for _, f := range formatsForARNService(fields[2]) {
		if !strings.HasPrefix(f.prefix, resourcePrefix) && !strings.HasPrefix(resourcePrefix, f.prefix) {
			continue
		}
		matched = true
		regionAllowed = regionAllowed || f.region
		accountAllowed = accountAllowed || f.account
	}
	if !matched {
		return
	}

	if checkRegion && !regionAllowed {
		c.report(CodeARNRegionNotAllowed, v.Path,
			"%s %q has Region %q, but %s ARNs of this kind have no Region: leave the Region field empty, as in arn:aws:%s::...",
			element, v.Text, region, fields[2], fields[2])
	}
	if checkAccount && !accountAllowed {
		c.report(CodeARNAccountNotAllowed, v.Path,
			"%s %q has account %q, but %s ARNs of this kind have no account ID: leave the account field empty",
			element, v.Text, account, fields[2])
	}
}
