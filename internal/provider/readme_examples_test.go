package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLIReadmeExamples takes every HCL block of README.md as it is and
// runs it the way the README tells a user to: in a directory that also
// holds the README's install block, with the provider built as a binary,
// against the emulator's demo seed (what `make emulator` serves) and with
// nothing but the environment `make emulator` prints. Each resource example
// is applied, planned again (no changes), checked on Meta's side, destroyed
// and checked gone; data sources and the ephemeral resource are applied and
// destroyed; the action is invoked and the list resource queried. So the
// README's examples and ids cannot drift from what the provider and the
// seed accept.
func TestCLIReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := hclBlocks(string(readme))
	install := -1
	for i, b := range blocks {
		if strings.Contains(b, "required_providers") {
			install = i
			break
		}
	}
	if install < 0 || len(blocks) < 2 {
		t.Fatalf("README.md has %d hcl blocks and no install block (terraform { required_providers ... })", len(blocks))
	}
	if !regexp.MustCompile(`(?m)^\s*version\s*=\s*"[^"]+"`).MatchString(blocks[install]) {
		t.Errorf("the README's install block has no version constraint:\n%s", blocks[install])
	}
	for i, block := range blocks {
		if i == install {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimSpace(block), "\n")
		t.Run(first, func(t *testing.T) {
			t.Parallel()
			runReadmeExample(t, blocks[install], block)
		})
	}
}

// hclBlocks returns the contents of the ```hcl fenced blocks of a Markdown
// text, in order.
func hclBlocks(markdown string) []string {
	var blocks []string
	var cur *strings.Builder
	for _, line := range strings.Split(markdown, "\n") {
		switch {
		case cur == nil && strings.TrimSpace(line) == "```hcl":
			cur = &strings.Builder{}
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return blocks
}

var (
	actionAddrs    = regexp.MustCompile(`(?m)^action\s+"([^"]+)"\s+"([^"]+)"`)
	listBlock      = regexp.MustCompile(`(?m)^list\s+"`)
	ephemeralBlock = regexp.MustCompile(`(?m)^ephemeral\s+"`)
)

func runReadmeExample(t *testing.T, install, example string) {
	emu := graphtest.Start(t, graphtest.Options{})
	fx := graphtest.SeedDemo(emu)
	d := readmeDir(t, emu, fx, install)

	switch {
	case listBlock.MatchString(example):
		skipUnlessCLIHas(t, featureQuery)
		writeFile(t, d.path("example.tfquery.hcl"), example)
		// No terraform init: with dev_overrides, as make emulator sets them,
		// it would look the version constraint up in the registry.
		// As the README says: the configuration query writes imports the
		// seed's one agency with access, Northwind Media, with no change.
		generated := d.generateConfig(1, " (Northwind Media, "+fx.AssignedBusinessID+")")
		d.applyGenerated(1, generated)
		d.planIsEmpty("importing what terraform query found")
		if _, ok := emu.Agency(fx.PageID, fx.AssignedBusinessID); !ok {
			t.Fatal("the imported agency is gone from Meta's side")
		}
		return
	case actionAddrs.MatchString(example):
		skipUnlessCLIHas(t, featureActions)
		writeFile(t, d.path("example.tf"), example)
		for _, m := range actionAddrs.FindAllStringSubmatch(example, -1) {
			d.must("apply", "-auto-approve", "-invoke=action."+m[1]+"."+m[2])
		}
		if sent := emu.Messages(fx.PageID); len(sent) != len(actionAddrs.FindAllString(example, -1)) {
			t.Fatalf("the emulator received %d messages: %+v", len(sent), sent)
		}
		return
	case ephemeralBlock.MatchString(example):
		skipUnlessCLIHas(t, featureEphemeral)
	}

	writeFile(t, d.path("example.tf"), example)
	d.must("apply", "-auto-approve")
	if r := d.run("plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("the plan after apply is not empty (exit %d):\n%s", r.code, r.output())
	}
	managed := d.managedResources()
	for _, r := range managed {
		if !onMeta(t, emu, r) {
			t.Errorf("%s.%s is in state but not on Meta's side: %v", r.Type, r.Name, r.Values)
		}
	}
	if ephemeralBlock.MatchString(example) {
		// The aliased provider read the Page with the token the ephemeral
		// resource opened: the Page's own.
		if !calledWithToken(emu, graphtest.EndpointAgencies, fx.PageToken) {
			t.Error("no listing of the Page's agencies was made with the Page token from the ephemeral resource")
		}
	}
	d.must("destroy", "-auto-approve")
	for _, r := range managed {
		if onMeta(t, emu, r) {
			t.Errorf("%s.%s is still on Meta's side after destroy: %v", r.Type, r.Name, r.Values)
		}
	}
}

// readmeDir is a working directory as a user of `make emulator` has it: the
// README's install block, a CLI configuration whose dev_overrides point at
// the provider's build, and the FACEBOOK_* variables the emulator prints.
func readmeDir(t *testing.T, emu *graphtest.Emulator, fx graphtest.DemoFixture, install string) *tfDir {
	t.Helper()
	d := newBinaryDir(t, "")
	writeFile(t, d.path("main.tf"), install)
	d.env = append(d.env, "FACEBOOK_BASE_URL="+emu.URL(), "FACEBOOK_ACCESS_TOKEN="+fx.UserToken)
	return d
}

// stateResource is a managed resource as `terraform show -json` prints it.
type stateResource struct {
	Type, Name string
	Values     map[string]any
}

func (d *tfDir) managedResources() []stateResource {
	d.t.Helper()
	var shown struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Mode, Type, Name string
					Values           map[string]any
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	out := d.run("show", "-json")
	if err := json.Unmarshal([]byte(out.stdout), &shown); err != nil {
		d.t.Fatalf("terraform show -json: %v\n%s", err, out.output())
	}
	var managed []stateResource
	for _, r := range shown.Values.RootModule.Resources {
		if r.Mode == "managed" {
			managed = append(managed, stateResource{r.Type, r.Name, r.Values})
		}
	}
	return managed
}

// onMeta says whether what r manages exists on the emulator's side, with
// the tasks or fields r holds.
func onMeta(t *testing.T, emu *graphtest.Emulator, r stateResource) bool {
	t.Helper()
	str := func(name string) string { s, _ := r.Values[name].(string); return s }
	switch r.Type {
	case "facebook_page_agency":
		a, ok := emu.Agency(str("page_id"), str("business_id"))
		return ok && sameSet(a.PermittedTasks, r.Values["permitted_tasks"])
	case "facebook_page_assigned_user":
		u, ok := emu.AssignedUser(str("page_id"), str("user_id"))
		return ok && sameSet(u.Tasks, r.Values["tasks"])
	case "facebook_page_subscribed_app":
		fields, ok := emu.Subscription(str("page_id"), str("app_id"))
		return ok && sameSet(fields, r.Values["subscribed_fields"])
	}
	t.Fatalf("README example manages %s, which this test cannot check on Meta's side yet: add it to onMeta", r.Type)
	return false
}

// sameSet says whether got holds the same strings as want, a list or set
// from `terraform show -json`.
func sameSet(got []string, want any) bool {
	list, _ := want.([]any)
	if len(list) != len(got) {
		return false
	}
	seen := map[string]bool{}
	for _, g := range got {
		seen[g] = true
	}
	for _, w := range list {
		if s, _ := w.(string); !seen[s] {
			return false
		}
	}
	return true
}

// calledWithToken says whether the emulator answered a GET of endpoint made
// with token.
func calledWithToken(emu *graphtest.Emulator, endpoint, token string) bool {
	for _, r := range emu.Requests() {
		if r.Method == "GET" && r.Endpoint == endpoint && r.Token == token && r.Status == 200 {
			return true
		}
	}
	return false
}

// TestReadmeForUsers holds README.md to what a user reads first: at most
// 10 KB, and links to the docs, guides, CHANGELOG, SECURITY, CONTRIBUTING
// and DESIGN that all exist in the repository.
func TestReadmeForUsers(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md")) //nolint:gosec // G304: the repository's own README
	if err != nil {
		t.Fatal(err)
	}
	if len(readme) > 10*1024 {
		t.Errorf("README.md is %d bytes, more than 10 KB: move details to docs/, CONTRIBUTING.md or DESIGN.md", len(readme))
	}
	links := map[string]bool{}
	for _, m := range regexp.MustCompile(`\]\(([^)#:]+)(#[^)]*)?\)`).FindAllStringSubmatch(string(readme), -1) {
		links[m[1]] = true
		if _, err := os.Stat(filepath.Join(root, m[1])); err != nil { //nolint:gosec // G703: a link of the repository's own README, inside the repository
			t.Errorf("README.md links %s, which does not exist", m[1])
		}
	}
	for _, want := range []string{"docs/index.md", "docs/guides/getting-started.md", "CHANGELOG.md", "SECURITY.md", "CONTRIBUTING.md", "DESIGN.md"} {
		if !links[want] {
			t.Errorf("README.md does not link %s", want)
		}
	}
}
