# An existing Messenger profile is imported by "<page_id>" or
# "<page_id>/<platform>".
import {
  to = facebook_page_messenger_profile.bot
  id = "100000000000001/MESSENGER"
}
