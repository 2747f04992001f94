# Which app controls the conversation with this person (Conversation Routing).
data "facebook_page_thread_owner" "alex" {
  page_id   = "100000000000001"
  recipient = "300000000000001" # the person's page-scoped id (PSID)
}

output "thread_owner_app_id" {
  # null when no app controls the conversation
  value = data.facebook_page_thread_owner.alex.app_id
}
