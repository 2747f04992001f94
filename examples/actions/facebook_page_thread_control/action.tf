# Read who controls the conversation first: Conversation Routing only lets
# the app in control pass it, and only the Page's primary receiver take it
# from another app.
data "facebook_page_thread_owner" "customer" {
  page_id   = "100000000000001"
  recipient = "333000000000001" # the customer's page-scoped id (PSID)
}

# Hand the conversation to a person in the Page inbox. Nothing is kept in
# state: the request is sent each time the action runs (Terraform 1.14 or
# later), on demand:
#
#   terraform apply -invoke=action.facebook_page_thread_control.to_inbox
#
# or from a resource's lifecycle, as below.
action "facebook_page_thread_control" "to_inbox" {
  config {
    page_id       = "100000000000001"
    recipient     = "333000000000001"
    operation     = "pass"
    target_app_id = "263902037430900" # the Page inbox
    metadata      = "refund request: needs a human"
  }
}

# Run it once when the escalation is recorded.
resource "terraform_data" "escalation_ticket_42" {
  triggers_replace = "42"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.facebook_page_thread_control.to_inbox]
    }
  }
}

# The primary receiver takes the conversation back, from whichever app has it.
action "facebook_page_thread_control" "back_to_bot" {
  config {
    page_id   = "100000000000001"
    recipient = "333000000000001"
    operation = "take"
    metadata  = "ticket 42 closed"
  }
}

# A secondary receiver asks the primary receiver for the conversation; the
# primary receiver gets a messaging_handovers webhook and decides.
action "facebook_page_thread_control" "ask_for_it" {
  config {
    page_id   = "100000000000001"
    recipient = "333000000000001"
    operation = "request"
    metadata  = "customer asked for an agent"
  }
}

output "thread_owner_before_handover" {
  value = data.facebook_page_thread_owner.customer.app_id
}
