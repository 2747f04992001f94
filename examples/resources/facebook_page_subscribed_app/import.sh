# An existing subscription is imported by "<page_id>/<app_id>"; the app must
# be the one the Page's access token belongs to.
terraform import facebook_page_subscribed_app.webhooks 100000000000001/900000000000001
