package graphtest

import (
	"regexp"
	"strings"
)

// Endpoint names used in the request log and in Fault.Endpoint.
const (
	EndpointPage           = "/{page-id}" // GET /{page-id}?fields=access_token (page token exchange)
	EndpointAgencies       = "/{page-id}/agencies"
	EndpointConversations  = "/{page-id}/conversations"
	EndpointThreadOwner    = "/{page-id}/thread_owner"
	EndpointMessages       = "/{page-id}/messages"
	EndpointAssignedUsers  = "/{page-id}/assigned_users"
	EndpointSubscribedApps = "/{page-id}/subscribed_apps"
	EndpointApp            = "/app" // GET /app: the app of the request's token
	EndpointMe             = "/me"  // GET /me: the account the request's token acts for
	// The Conversation Routing (formerly Handover Protocol) edges (thread_control.go).
	EndpointPassThreadControl    = "/{page-id}/pass_thread_control" //nolint:gosec // G101 reads "Pass" as a password: this is a path
	EndpointTakeThreadControl    = "/{page-id}/take_thread_control"
	EndpointRequestThreadControl = "/{page-id}/request_thread_control"
	EndpointReleaseThreadControl = "/{page-id}/release_thread_control"
)

// edgeEndpoints maps the edge names the emulator serves to their endpoint.
var edgeEndpoints = map[string]string{
	"agencies":        EndpointAgencies,
	"conversations":   EndpointConversations,
	"thread_owner":    EndpointThreadOwner,
	"messages":        EndpointMessages,
	"assigned_users":  EndpointAssignedUsers,
	"subscribed_apps": EndpointSubscribedApps,

	"pass_thread_control":    EndpointPassThreadControl,
	"take_thread_control":    EndpointTakeThreadControl,
	"request_thread_control": EndpointRequestThreadControl,

	"messenger_profile":      EndpointMessengerProfile,
	"accounts":               EndpointMeAccounts, // only under /me (accounts.go)
	"owned_pages":            EndpointOwnedPages,
	"client_pages":           EndpointClientPages,
	"release_thread_control": EndpointReleaseThreadControl,
}

// versionRE is the shape of a Graph API version path component ("v19.0").
var versionRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// route is what the path of a request names, before any lookup.
type route struct {
	version  string // "v19.0", or "" for an unversioned path
	nodeID   string // first component after the version ("" for the root)
	edge     string // second component, "" for a node request
	extra    string // components beyond node/edge, e.g. "/x/y" (Meta answers 2500)
	endpoint string // one of the Endpoint* constants, "" when unknown
}

// parseRoute splits a request path. Only the shape is judged here; whether
// the node exists is decided after authentication. assumption: as with
// Meta, a request without a token gets 104 even for a bogus id or path.
func parseRoute(path string) route {
	var rt route
	trimmed := strings.Trim(path, "/")
	if trimmed == "" {
		return rt
	}
	parts := strings.Split(trimmed, "/")
	if versionRE.MatchString(parts[0]) {
		rt.version = parts[0]
		parts = parts[1:]
	}
	if len(parts) == 0 {
		return rt
	}
	for _, p := range parts {
		if p == "" { // "//" inside the path
			rt.extra = "/" + strings.Join(parts, "/")
			return rt
		}
	}
	rt.nodeID = parts[0]
	if len(parts) >= 2 {
		rt.edge = parts[1]
	}
	if len(parts) > 2 {
		rt.extra = "/" + strings.Join(parts[2:], "/")
		return rt
	}
	if rt.edge == "" && rt.nodeID == "app" {
		rt.endpoint = EndpointApp
	} else if rt.edge == "" && rt.nodeID == "me" {
		rt.endpoint = EndpointMe
	} else if rt.edge == "" {
		rt.endpoint = EndpointPage
	} else {
		rt.endpoint = edgeEndpoints[rt.edge]
	}
	return rt
}

// pageID is the page the request is about, for logs and fault matching:
// the node id whenever the path has the node or node/edge shape.
func (rt route) pageID() string {
	if rt.extra != "" {
		return ""
	}
	return rt.nodeID
}
