package graph

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// recordSends answers every POST /1/messages with answer, after storing the
// form it received.
func recordSends(t *testing.T, answer string, got *[]url.Values, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != "POST" || r.URL.Path != "/v26.0/1/messages" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type %q", ct)
		}
		form := pageTokenForm(t, r)
		*got = append(*got, form)
		writeJSON(w, 200, answer)
	}
}

func TestSendMessageEncodesTheForm(t *testing.T) {
	var got []url.Values
	var calls atomic.Int32
	c, _ := newTestClient(t, recordSends(t, `{"recipient_id":"333","message_id":"m_abc"}`, &got, &calls))
	res, err := c.SendMessage(context.Background(), "1", SendMessageRequest{
		Recipient:        MessageRecipient{ID: "333"},
		MessagingType:    "MESSAGE_TAG",
		Tag:              "HUMAN_AGENT",
		NotificationType: "SILENT_PUSH",
		Message: &Message{
			Attachment:   &MessageAttachment{Type: "IMAGE", Payload: json.RawMessage(`{"url":"https://example.com/a.png?x=1&y=2"}`)},
			QuickReplies: []QuickReply{{ContentType: "TEXT", Title: "Yes <b>", Payload: "Y"}, {ContentType: "USER_EMAIL"}},
			Metadata:     "ticket-42",
		},
		PersonaID:     "444",
		ReplyTo:       "m_previous",
		ThreadControl: &ThreadControl{AppID: "263902037430900", ControlType: "pass", Payload: "handover"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if *res != (SendMessageResult{RecipientID: "333", MessageID: "m_abc"}) {
		t.Fatalf("result %+v", res)
	}
	want := url.Values{
		"recipient":         {`{"id":"333"}`},
		"messaging_type":    {"MESSAGE_TAG"},
		"tag":               {"HUMAN_AGENT"},
		"notification_type": {"SILENT_PUSH"},
		"message":           {`{"attachment":{"type":"IMAGE","payload":{"url":"https://example.com/a.png?x=1&y=2"}},"quick_replies":[{"content_type":"TEXT","title":"Yes <b>","payload":"Y"},{"content_type":"USER_EMAIL"}],"metadata":"ticket-42"}`},
		"persona_id":        {"444"},
		"reply_to":          {`{"mid":"m_previous"}`},
		"thread_control":    {`{"app_id":"263902037430900","control_type":"pass","payload":"handover"}`},
	}
	if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Fatalf("form\n %v\nwant\n %v", got, want)
	}
}

func TestSendReactionSendsTopLevelPayload(t *testing.T) {
	var got []url.Values
	var calls atomic.Int32
	c, _ := newTestClient(t, recordSends(t, `{"recipient_id":"333"}`, &got, &calls))
	for _, r := range []SendMessageRequest{
		{Recipient: MessageRecipient{ID: "333"}, SenderAction: "REACT", Reaction: &Reaction{MessageID: "m_1", Reaction: "😊"}},
		{Recipient: MessageRecipient{ID: "333"}, SenderAction: "UNREACT", Reaction: &Reaction{MessageID: "m_1"}},
	} {
		if _, err := c.SendMessage(context.Background(), "1", r); err != nil {
			t.Fatal(err)
		}
	}
	want := []url.Values{
		{"recipient": {`{"id":"333"}`}, "sender_action": {"REACT"}, "payload": {`{"message_id":"m_1","reaction":"😊"}`}},
		{"recipient": {`{"id":"333"}`}, "sender_action": {"UNREACT"}, "payload": {`{"message_id":"m_1"}`}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("forms\n %v\nwant\n %v", got, want)
	}
}

func TestSendMessageOmitsUnsetFields(t *testing.T) {
	var got []url.Values
	var calls atomic.Int32
	c, _ := newTestClient(t, recordSends(t, `{"message_id":"m_1"}`, &got, &calls))
	res, err := c.SendMessage(context.Background(), "1", SendMessageRequest{
		Recipient:     MessageRecipient{UserRef: "ref-1"},
		MessagingType: "UPDATE",
		Message:       &Message{Text: "a & b"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// user_ref recipients get no recipient_id back.
	if res.RecipientID != "" || res.MessageID != "m_1" {
		t.Fatalf("result %+v", res)
	}
	want := url.Values{"recipient": {`{"user_ref":"ref-1"}`}, "messaging_type": {"UPDATE"}, "message": {`{"text":"a & b"}`}}
	if fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Fatalf("form %v, want %v", got[0], want)
	}

	// A sender action carries no message and gets no message_id.
	got = nil
	c2, _ := newTestClient(t, recordSends(t, `{"recipient_id":"333"}`, &got, &calls))
	res, err = c2.SendMessage(context.Background(), "1", SendMessageRequest{Recipient: MessageRecipient{ID: "333"}, SenderAction: "TYPING_ON"})
	if err != nil || res.MessageID != "" || res.RecipientID != "333" {
		t.Fatalf("%+v %v", res, err)
	}
	if want := (url.Values{"recipient": {`{"id":"333"}`}, "sender_action": {"TYPING_ON"}}); fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Fatalf("form %v", got[0])
	}
}

var plainSend = SendMessageRequest{Recipient: MessageRecipient{ID: "333"}, MessagingType: "RESPONSE", Message: &Message{Text: "hi"}}

func TestThrottledSendIsRetriedAndDeliveredOnce(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, failOnce(&calls, fmt.Sprintf(throttleBody, 80006, 80006), `{"recipient_id":"333","message_id":"m_once"}`))
	res, err := c.SendMessage(context.Background(), "1", plainSend)
	if err != nil || res.MessageID != "m_once" {
		t.Fatalf("%+v %v", res, err)
	}
	if calls.Load() != 2 {
		t.Fatalf("%d calls, want 2: the throttled refusal and the accepted send", calls.Load())
	}
}

// wantDeliveryUnknown asserts err says the outcome is unknown, and that the
// request was sent exactly once.
func wantDeliveryUnknown(t *testing.T, err error, calls *atomic.Int32) {
	t.Helper()
	wantOutcomeUnknown(t, err, calls, false, "POST /v26.0/1/messages", "delivery is unknown")
}

// wantOutcomeUnknown asserts err is a *DeliveryUnknownError of the kind
// threadControl says, whose text has each of words, and that the request
// was sent exactly once.
func wantOutcomeUnknown(t *testing.T, err error, calls *atomic.Int32, threadControl bool, words ...string) {
	t.Helper()
	var du *DeliveryUnknownError
	if !errors.As(err, &du) || du.ThreadControl != threadControl {
		t.Fatalf("want a *DeliveryUnknownError (thread control: %v), got %T: %v", threadControl, err, err)
	}
	for _, want := range words {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("error lacks %q: %v", want, err)
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("%d calls: a request that may have been carried out must not be sent again", calls.Load())
	}
}

// hijack takes over the connection of an answer, to misbehave at the
// transport level; the request body is read first, as Meta would.
func hijack(t *testing.T, w http.ResponseWriter, r *http.Request) (net.Conn, *bufio.ReadWriter) {
	_, _ = io.ReadAll(r.Body)
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Fatal("the test server cannot hijack connections")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	return conn, buf
}

func TestConnectionDroppedAfterWriteIsNotResent(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, _ := hijack(t, w, r)
		_ = conn.Close() // the request arrived; the answer is lost
	})
	_, err := c.SendMessage(context.Background(), "1", plainSend)
	wantDeliveryUnknown(t, err, &calls)
	var te *TransportError
	if !errors.As(err, &te) || !te.Delivered {
		t.Fatalf("want a delivered TransportError inside, got %v", err)
	}
}

func TestAnswerCutOffMidBodyIsNotResent(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, buf := hijack(t, w, r)
		body := `{"recipient_id":"333","message_id":"m_lost"}`
		_, _ = fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:len(body)/2])
		_ = buf.Flush()
		_ = conn.Close()
	})
	_, err := c.SendMessage(context.Background(), "1", plainSend)
	wantDeliveryUnknown(t, err, &calls)
	var re *ResponseError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "the connection closed before the whole answer arrived") {
		t.Fatalf("want the cut-off answer inside, got %v", err)
	}
}

func TestTimeoutAfterWriteIsNotResent(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.ReadAll(r.Body)
		select { // Meta holds the request past the caller's deadline
		case <-release:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.SendMessage(ctx, "1", plainSend)
	wantDeliveryUnknown(t, err, &calls)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded inside, got %v", err)
	}
}

func TestThrottlingBeyondTheDeadlineIsNotDeliveryUnknown(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 400, fmt.Sprintf(throttleBody, 613, 613))
	}, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.SendMessage(ctx, "1", plainSend)
	// The wait cannot fit: the call stops at once and reports Meta's
	// refusal, which is not of unknown delivery.
	var du *DeliveryUnknownError
	var rw *RetryWaitError
	if errors.As(err, &du) || !errors.As(err, &rw) || !HasCode(err, 613) {
		t.Fatalf("a refused send that cannot wait out the throttling is not of unknown delivery: %T %v", err, err)
	}
	if calls.Load() != 1 {
		t.Fatalf("%d calls", calls.Load())
	}
}

// A send, like a thread control request, is sent again only after an
// answer that proves Meta refused it. Every answer here but the 551 may
// mean it was carried out: Meta has answered HTTP 200 with a message_id
// and a throttling envelope after delivering the message, and a 5xx says
// nothing either way.
func TestSendErrorsFromMeta(t *testing.T) {
	throttled := func(code int) string {
		return fmt.Sprintf(`"error":{"message":"(#%d) throttled","type":"OAuthException","code":%d,"fbtrace_id":"TT"}`, code, code)
	}
	for name, tc := range map[string]struct {
		status  int
		body    string
		unknown bool
	}{
		"551 refusal":         {400, `{"error":{"message":"(#551) This person isn't available right now.","type":"OAuthException","code":551,"error_subcode":1545041,"fbtrace_id":"T551"}}`, false},
		"code 2 temporary":    {500, `{"error":{"message":"An unexpected error has occurred.","type":"OAuthException","code":2,"is_transient":true,"fbtrace_id":"T2"}}`, true},
		"html from a gateway": {502, `<html>Bad Gateway</html>`, true},

		"200 with message_id and throttling":      {200, `{"recipient_id":"333","message_id":"m_1",` + throttled(CodeMessengerThrottled) + `}`, true},
		"200 with success and throttling":         {200, `{"success":true,` + throttled(CodeCustomThrottled) + `}`, true},
		"200 with only a throttling envelope":     {200, `{` + throttled(CodeAppThrottled) + `}`, true},
		"503 with a throttling envelope":          {503, `{` + throttled(CodePageThrottled) + `}`, true},
		"400 throttled beside a message_id":       {400, `{"message_id":"m_1",` + throttled(CodeUserThrottled) + `}`, true},
		"429 beside a message_id":                 {429, `{"recipient_id":"333","message_id":"m_1"}`, true},
		"200 with a non-transient error":          {200, `{"message_id":"m_1","error":{"message":"odd","code":100}}`, true},
		"500 with a non-transient error envelope": {500, `{"error":{"message":"odd","code":100}}`, true},
	} {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				writeJSON(w, tc.status, tc.body)
			})
			_, err := c.SendMessage(context.Background(), "1", plainSend)
			if calls.Load() != 1 {
				t.Fatalf("%d calls, want 1", calls.Load())
			}
			var du *DeliveryUnknownError
			if errors.As(err, &du) != tc.unknown {
				t.Fatalf("delivery unknown = %v, want %v: %v", !tc.unknown, tc.unknown, err)
			}
			if name == "551 refusal" && (!HasCode(err, CodePersonUnavailable) || !strings.Contains(err.Error(), "fbtrace_id T551")) {
				t.Fatalf("%v", err)
			}

			calls.Store(0)
			err = c.ThreadControl(context.Background(), "1", ThreadControlRequest{Operation: "take", RecipientID: "333"})
			if errors.As(err, &du) != tc.unknown || calls.Load() != 1 {
				t.Fatalf("thread control: %d calls, %v: want one call, outcome unknown %v", calls.Load(), err, tc.unknown)
			}
		})
	}
}
