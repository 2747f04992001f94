# An existing subscription is imported by its identity: the Page and the app
# of the Page's access token.
import {
  to = facebook_page_subscribed_app.webhooks
  identity = {
    page_id = "100000000000001"
    app_id  = "900000000000001"
  }
}
