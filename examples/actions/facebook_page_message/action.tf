# Tell a customer their order shipped. Nothing is kept in state: the message
# is sent each time the action runs (Terraform 1.14 or later), either on
# demand:
#
#   terraform apply -invoke=action.facebook_page_message.shipped
#
# or from a resource's lifecycle, as below.
action "facebook_page_message" "shipped" {
  config {
    page_id        = "100000000000001"
    recipient      = { id = "333000000000001" } # the customer's page-scoped id (PSID)
    messaging_type = "MESSAGE_TAG"              # outside the 24-hour window...
    tag            = "POST_PURCHASE_UPDATE"     # ...a tag is required

    message = {
      text = "Your order #42 has shipped."
      quick_replies = [
        { content_type = "TEXT", title = "Track it", payload = "TRACK_42" },
      ]
      metadata = "order-42"
    }
  }
}

# Or send it from a resource's lifecycle: here, once, when the shipment
# record is created.
resource "terraform_data" "order_42_shipment" {
  triggers_replace = "42"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.facebook_page_message.shipped]
    }
  }
}

# An image attachment: url becomes Meta's payload {"url": ...}.
action "facebook_page_message" "receipt" {
  config {
    page_id           = "100000000000001"
    recipient         = { id = "333000000000001" }
    messaging_type    = "RESPONSE"
    notification_type = "SILENT_PUSH"

    message = {
      attachment = { type = "IMAGE", url = "https://cdn.example.com/receipts/42.png" }
    }
  }
}

# A typing indicator: a sender action instead of a message.
action "facebook_page_message" "typing" {
  config {
    page_id       = "100000000000001"
    recipient     = { id = "333000000000001" }
    sender_action = "TYPING_ON"
  }
}

# React to the customer's message with an emoji (UNREACT, with only
# message_id, removes the reaction).
action "facebook_page_message" "thanks" {
  config {
    page_id       = "100000000000001"
    recipient     = { id = "333000000000001" }
    sender_action = "REACT"
    reaction      = { message_id = "m_AbCdEf123", emoji = "😊" }
  }
}

# Conversation routing (Pages with routing enabled): reply, and pass the
# conversation to a human agent app with the same request. To pass, take or
# request a thread through Conversation Routing, see the
# facebook_page_thread_control action.
action "facebook_page_message" "handover" {
  config {
    page_id        = "100000000000001"
    recipient      = { id = "333000000000001" }
    messaging_type = "RESPONSE"
    message        = { text = "A person will take it from here." }

    thread_control = {
      control_type = "pass"
      app_id       = "263902037430900"
      payload      = "Customer asked for a person"
    }
  }
}
