package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
)

// threadOwnerItem is one PageThreadOwner node:
// {"thread_owner": {"app_id": "<APP_ID>"}}.
type threadOwnerItem struct {
	ThreadOwner *struct {
		AppID graphID `json:"app_id"`
	} `json:"thread_owner"`
}

// ThreadOwner returns the id of the app that controls the conversation with
// recipient (a PSID) under Conversation Routing (formerly the Handover Protocol), or "" when Meta reports no
// owner (empty data). A secondary receiver asking about a thread another app
// controls gets a *Error with code 100 and SubcodeSecondaryReceiver.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/thread_owner/
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/handover-protocol/
func (c *Client) ThreadOwner(ctx context.Context, pageID, recipient string) (string, error) {
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return "", err
	}
	owner := ""
	err = listAll(ctx, c, call{
		method: "GET", path: "/" + pageID + "/thread_owner",
		query: url.Values{"recipient": {recipient}}, token: token, safeToRepeat: true,
	}, func(item threadOwnerItem) bool {
		if item.ThreadOwner != nil && item.ThreadOwner.AppID != "" {
			owner = string(item.ThreadOwner.AppID)
			return false
		}
		return true
	})
	if err != nil {
		return "", err
	}
	return owner, nil
}

// graphID is an object id that Meta writes as a string but some answers
// carry as a bare number; either way it becomes the decimal string, without
// the precision loss of a float64.
type graphID string

func (id *graphID) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*id = ""
		return nil
	}
	if len(b) > 0 && b[0] != '"' {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*id = graphID(n.String())
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*id = graphID(s)
	return nil
}
