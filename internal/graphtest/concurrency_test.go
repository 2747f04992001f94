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
	status := func(req *http.Request) (int, error) {
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	for i := 0; i < n; i++ {
		biz := fmt.Sprintf("2220000001%05d", i)
		run(func() error { // assign via the API
			req, _ := http.NewRequest(http.MethodPost, f.base+"/"+pageA+"/agencies", nil)
			req.URL.RawQuery = url.Values{"business": {biz}, "permitted_tasks": {`["ANALYZE"]`}}.Encode()
			req.Header.Set("Authorization", "Bearer "+f.tokA)
			if s, err := status(req); err != nil || s != 200 {
				return fmt.Errorf("assign %s: %d %v", biz, s, err)
			}
			return nil
		})
		run(func() error { // list
			req, _ := http.NewRequest(http.MethodGet, f.base+"/"+pageA+"/agencies?fields=id,permitted_tasks", nil)
			req.Header.Set("Authorization", "Bearer "+f.tokA)
			if s, err := status(req); err != nil || s != 200 {
				return fmt.Errorf("list: %d %v", s, err)
			}
			return nil
		})
		run(func() error { // send
			req, _ := http.NewRequest(http.MethodPost, f.base+"/"+pageA+"/messages", nil)
			req.URL.RawQuery = url.Values{"recipient": {`{"id":"` + psidA + `"}`}, "sender_action": {"TYPING_ON"}}.Encode()
			req.Header.Set("Authorization", "Bearer "+f.tokA)
			if s, err := status(req); err != nil || s != 200 {
				return fmt.Errorf("send: %d %v", s, err)
			}
			return nil
		})
		run(func() error { // conversations while they are added
			f.e.AddConversation(pageB, Conversation{})
			req, _ := http.NewRequest(http.MethodGet, f.base+"/"+pageB+"/conversations", nil)
			req.Header.Set("Authorization", "Bearer "+f.tokB)
			if s, err := status(req); err != nil || s != 200 {
				return fmt.Errorf("conversations: %d %v", s, err)
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
