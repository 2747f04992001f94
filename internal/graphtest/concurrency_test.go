package graphtest

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// TestConcurrentUse drives every kind of request and every seeding,
// inspection and fault method at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	f := newFx(t, Options{MaxLimit: 3})
	f.e.AddRecipient(pageA, psidA)
	const n = 40
	for i := 0; i < n; i++ {
		f.e.AddBusiness(fmt.Sprintf("2220000001%05d", i), fmt.Sprintf("Biz %d", i))
	}
	client := &http.Client{}
	var wg sync.WaitGroup
	errs := make(chan error, 10*n)
	run := func(fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(); err != nil {
				errs <- err
			}
		}()
	}
	// call sends method url with tok and wants a 200.
	call := func(method, rawURL, tok string) error {
		req, err := http.NewRequestWithContext(t.Context(), method, rawURL, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d, want 200", resp.StatusCode)
		}
		return nil
	}
	for i := 0; i < n; i++ {
		biz := fmt.Sprintf("2220000001%05d", i)
		run(func() error { // assign via the API
			query := url.Values{"business": {biz}, "permitted_tasks": {`["ANALYZE"]`}}.Encode()
			if err := call(http.MethodPost, f.base+"/"+pageA+"/agencies?"+query, f.tokA); err != nil {
				return fmt.Errorf("assign %s: %w", biz, err)
			}
			return nil
		})
		run(func() error { // list
			if err := call(http.MethodGet, f.base+"/"+pageA+"/agencies?fields=id,permitted_tasks", f.tokA); err != nil {
				return fmt.Errorf("list: %w", err)
			}
			return nil
		})
		run(func() error { // send
			query := url.Values{"recipient": {`{"id":"` + psidA + `"}`}, "sender_action": {"TYPING_ON"}}.Encode()
			if err := call(http.MethodPost, f.base+"/"+pageA+"/messages?"+query, f.tokA); err != nil {
				return fmt.Errorf("send: %w", err)
			}
			return nil
		})
		run(func() error { // conversations while they are added
			f.e.AddConversation(pageB, Conversation{})
			if err := call(http.MethodGet, f.base+"/"+pageB+"/conversations", f.tokB); err != nil {
				return fmt.Errorf("conversations: %w", err)
			}
			return nil
		})
		run(func() error { // inspection and fault plumbing on a page nobody calls
			_ = f.e.Requests()
			_ = f.e.Calls("GET", EndpointAgencies)
			_ = f.e.TotalCalls()
			_ = f.e.Agencies(pageA)
			_, _ = f.e.Agency(pageA, biz)
			_ = f.e.Messages(pageA)
			_ = f.e.PageToken(pageA)
			f.e.SetUsage(i%100, i%100)
			f.e.InjectFault(Fault{PageID: "999", Error: MetaError(1)})
			f.e.SetThreadOwner(pageB, psidB, "1")
			f.e.AddUser(fmt.Sprintf("user-%d", i), pageB)
			return nil
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(f.e.Agencies(pageA)); got != n {
		t.Fatalf("%d agencies, want %d", got, n)
	}
	if got := len(f.e.Messages(pageA)); got != n {
		t.Fatalf("%d messages, want %d", got, n)
	}
	if got := f.e.TotalCalls(); got != 4*n {
		t.Fatalf("%d calls logged, want %d", got, 4*n)
	}
	// The listing sees all of them, each once, in assignment order.
	pages, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	seen := map[string]bool{}
	for _, p := range pages {
		for _, id := range p {
			if seen[id] {
				t.Fatalf("%s listed twice", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != n {
		t.Fatalf("listed %d", len(seen))
	}
}
