package graphtest

// enumAdditions are enum values Meta has just added: a test tells the
// emulator that Meta now accepts a task or webhook field that neither the
// emulator's tables nor the provider's know, to show what a user meets the
// day Meta adds one. Guarded by the emulator's mutex.
type enumAdditions struct {
	pageTasks, fields []string
}

func (a *enumAdditions) tasks(known []string) []string {
	return append(append([]string(nil), known...), a.pageTasks...)
}

func (a *enumAdditions) webhookFields(known []string) []string {
	return append(append([]string(nil), known...), a.fields...)
}

// MetaAddsTask makes the agencies and assigned_users edges accept task, as
// Meta does once it adds a Page task.
func (e *Emulator) MetaAddsTask(task string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.added.pageTasks = append(e.added.pageTasks, task)
}

// MetaAddsWebhookField makes the subscribed_apps edge accept field, as Meta
// does once it adds a Page webhook field.
func (e *Emulator) MetaAddsWebhookField(field string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.added.fields = append(e.added.fields, field)
}
