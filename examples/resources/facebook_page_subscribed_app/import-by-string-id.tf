# An existing subscription is imported by "<page_id>/<app_id>".
import {
  to = facebook_page_subscribed_app.webhooks
  id = "100000000000001/900000000000001"
}
