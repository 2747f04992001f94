# A Page's Messenger profile is imported by "<page_id>" (the MESSENGER
# profile) or "<page_id>/<platform>". The import takes every managed
# property set on the Page: declare each of them, or the next apply deletes
# the ones left out.
terraform import facebook_page_messenger_profile.bot 100000000000001
terraform import facebook_page_messenger_profile.bot 100000000000001/INSTAGRAM
