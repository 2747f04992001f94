package graphtest

// DefaultAppID is the app every token belongs to unless SetTokenApp says
// otherwise, and DefaultAppName its name.
const (
	DefaultAppID   = "900000000000001"
	DefaultAppName = "Emulator App"
)

// appFields are the Application fields GET /app answers.
var appFields = map[string]fieldSpec{"id": {}, "name": {}}

// handleApp answers GET /app: the app the request's token belongs to
// (https://developers.facebook.com/docs/graph-api/reference/application/).
// Caller holds e.mu.
func (e *Emulator) handleApp(in *incoming) *response {
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "name"}, appFields, "Application")
	if g != nil {
		return errResponse(g)
	}
	app := e.tokenAppLocked(in.token)
	body := idAndName(sel, app, e.appName(app))
	return okResponse(body)
}

// AddApp registers an app by id and name.
func (e *Emulator) AddApp(appID, name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.apps[appID] = name
}

// SetTokenApp makes token (a user or Page token) belong to appID, as if it
// had been issued through that app. Register the app with AddApp for a name.
func (e *Emulator) SetTokenApp(token, appID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tokenApps[token] = appID
}

// tokenAppLocked is the app the token belongs to. Caller holds e.mu.
func (e *Emulator) tokenAppLocked(token string) string {
	if app, ok := e.tokenApps[token]; ok {
		return app
	}
	return DefaultAppID
}

// appName is the registered name of appID. Caller holds e.mu.
func (e *Emulator) appName(appID string) string {
	if name, ok := e.apps[appID]; ok {
		return name
	}
	if appID == DefaultAppID {
		return DefaultAppName
	}
	return ""
}
