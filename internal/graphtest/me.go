package graphtest

// GET /me names the account the request's token acts for: "The /me node is
// a special endpoint that translates to the object ID of the person or Page
// whose access token is currently being used"
// (https://developers.facebook.com/docs/graph-api/overview), and with a
// system user's token "me refers to the system user"
// (https://developers.facebook.com/docs/business-management-apis/system-users/guides/api-calls).
// With metadata=1 the answer carries a metadata property listing the
// node's fields (the same overview page, "Node Metadata").

// meFields are the fields of the token's account the emulator answers.
var meFields = map[string]fieldSpec{"id": {}, "name": {}}

// nodeField is one entry of metadata.fields.
type nodeField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Fields of each node type as metadata=1 lists them, from Meta's SDK
// specification (facebook/facebook-business-sdk-codegen, api_specs/specs/
// User.json, SystemUser.json and Page.json); a subset for User and Page.
// assumption: Meta's answer to metadata=1 for /me with a system user's
// token is not documented; the emulator lists the SystemUser node's fields,
// as it does for any other node. Meta also sends a description per field,
// left out here.
var (
	userNodeFields = []nodeField{
		{"id", "numeric string"}, {"name", "string"}, {"first_name", "string"}, {"last_name", "string"},
		{"email", "string"}, {"short_name", "string"}, {"token_for_business", "string"},
	}
	systemUserNodeFields = []nodeField{
		{"id", "numeric string"}, {"name", "string"}, {"created_by", "User"}, {"created_time", "datetime"},
		{"finance_permission", "string"}, {"ip_permission", "string"},
	}
	pageNodeFields = []nodeField{
		{"id", "numeric string"}, {"name", "string"}, {"access_token", "string"}, {"category", "string"},
		{"fan_count", "unsigned int32"}, {"link", "string"},
	}
)

// handleMe answers GET /me for the request's token: the person or system
// user a user token belongs to, or the Page of a Page token. Caller holds
// e.mu.
func (e *Emulator) handleMe(in *incoming) *response {
	node, id, name, fields := "User", "", "", userNodeFields
	switch u := in.ident.user; {
	case u != nil && u.systemUser:
		node, id, name, fields = "SystemUser", u.id, u.name, systemUserNodeFields
	case u != nil:
		id, name = u.id, u.name
	default:
		pg := e.pages[in.ident.pageID]
		node, id, fields = "Page", in.ident.pageID, pageNodeFields
		if pg != nil {
			name = pg.name
		}
	}
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "name"}, meFields, node)
	if g != nil {
		return errResponse(g)
	}
	body := idAndName(sel, id, name)
	// assumption: Meta reads metadata as a boolean flag; "1" and "true" turn it on.
	if m := in.params.Get("metadata"); m == "1" || m == "true" {
		body["metadata"] = map[string]any{"fields": fields}
	}
	return okResponse(body)
}
