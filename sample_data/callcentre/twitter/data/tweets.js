window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2105502701071589422"
          ],
          "editableUntil" : "2026-10-01T04:38:56.940Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "1",
      "id_str" : "2105502701071589422",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2105502701071589422",
      "created_at" : "Thu Oct 01 03:38:56 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "82"
      ],
      "full_text" : "Scheduled maintenance tonight from 23:00 AEST: calls may drop for up to 5 minutes."
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2106012134321685306"
          ],
          "editableUntil" : "2026-10-02T14:23:15.292Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Christine Jackson",
            "screen_name" : "cjackson",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "982669343943517752",
            "id" : "982669343943517752"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2106012134321685306",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2106012134321685306",
      "created_at" : "Fri Oct 02 13:23:15 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "91"
      ],
      "in_reply_to_status_id_str" : "2105876238871381196",
      "in_reply_to_status_id" : "2105876238871381196",
      "in_reply_to_user_id" : "982669343943517752",
      "in_reply_to_user_id_str" : "982669343943517752",
      "full_text" : "@cjackson Firmware 4.0.12 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "cjackson"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2106568156448346409"
          ],
          "editableUntil" : "2026-10-04T03:12:41.298Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Ashley Walsh",
            "screen_name" : "theashleyw",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "411395742201309791",
            "id" : "411395742201309791"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "1",
      "id_str" : "2106568156448346409",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2106568156448346409",
      "created_at" : "Sun Oct 04 02:12:41 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "92"
      ],
      "in_reply_to_status_id_str" : "2106477559484249063",
      "in_reply_to_status_id" : "2106477559484249063",
      "in_reply_to_user_id" : "411395742201309791",
      "in_reply_to_user_id_str" : "411395742201309791",
      "full_text" : "@theashleyw Firmware 2.8.1 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "theashleyw"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2106586129653155979"
          ],
          "editableUntil" : "2026-10-04T04:24:06.443Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Christian Black",
            "screen_name" : "christian_76",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "174547581194844678",
            "id" : "174547581194844678"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2106586129653155979",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2106586129653155979",
      "created_at" : "Sun Oct 04 03:24:06 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "93"
      ],
      "in_reply_to_status_id_str" : "2106513400421238082",
      "in_reply_to_status_id" : "2106513400421238082",
      "in_reply_to_user_id" : "174547581194844678",
      "in_reply_to_user_id_str" : "174547581194844678",
      "full_text" : "@christian_76 Glad it's working again! Let us know if there's anything else we can help with.",
      "in_reply_to_screen_name" : "christian_76"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2106985751674289508"
          ],
          "editableUntil" : "2026-10-05T06:52:03.758Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Meredith Edwards",
            "screen_name" : "meredith_95",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "369219550936832233",
            "id" : "369219550936832233"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "0",
      "id_str" : "2106985751674289508",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2106985751674289508",
      "created_at" : "Mon Oct 05 05:52:03 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "93"
      ],
      "in_reply_to_status_id_str" : "2106859419238483621",
      "in_reply_to_status_id" : "2106859419238483621",
      "in_reply_to_user_id" : "369219550936832233",
      "in_reply_to_user_id_str" : "369219550936832233",
      "full_text" : "@meredith_95 Firmware 2.8.1 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "meredith_95"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2107178373222639387"
          ],
          "editableUntil" : "2026-10-05T19:37:28.314Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Gabriela Sanders",
            "screen_name" : "gsanders",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "291189654192383454",
            "id" : "291189654192383454"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2107178373222639387",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2107178373222639387",
      "created_at" : "Mon Oct 05 18:37:28 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "100"
      ],
      "in_reply_to_status_id_str" : "2107154214030486160",
      "in_reply_to_status_id" : "2107154214030486160",
      "in_reply_to_user_id" : "291189654192383454",
      "in_reply_to_user_id_str" : "291189654192383454",
      "full_text" : "@gsanders Thanks for letting us know. Our network team is looking into the echo on conference calls.",
      "in_reply_to_screen_name" : "gsanders"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2107246316751954645"
          ],
          "editableUntil" : "2026-10-06T00:07:27.314Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "James Brown",
            "screen_name" : "jbrown",
            "indices" : [
              "0",
              "7"
            ],
            "id_str" : "226011463610288058",
            "id" : "226011463610288058"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2107246316751954645",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2107246316751954645",
      "created_at" : "Mon Oct 05 23:07:27 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "102"
      ],
      "in_reply_to_status_id_str" : "2107210581284588954",
      "in_reply_to_status_id" : "2107210581284588954",
      "in_reply_to_user_id" : "226011463610288058",
      "in_reply_to_user_id_str" : "226011463610288058",
      "full_text" : "@jbrown Sorry to hear about the dropped calls! Please DM us your account number and we'll take a look.",
      "in_reply_to_screen_name" : "jbrown"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2108117572674687098"
          ],
          "editableUntil" : "2026-10-08T09:49:30.913Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Neil Mason",
            "screen_name" : "neilmas",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "285493913453063443",
            "id" : "285493913453063443"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "0",
      "id_str" : "2108117572674687098",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2108117572674687098",
      "created_at" : "Thu Oct 08 08:49:30 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "90"
      ],
      "in_reply_to_status_id_str" : "2108005584759769473",
      "in_reply_to_status_id" : "2108005584759769473",
      "in_reply_to_user_id" : "285493913453063443",
      "in_reply_to_user_id_str" : "285493913453063443",
      "full_text" : "@neilmas Firmware 10.2.3 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "neilmas"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2108133100990272881"
          ],
          "editableUntil" : "2026-10-08T10:51:13.152Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Carly Schwartz",
            "screen_name" : "carly_77",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "257358025156242923",
            "id" : "257358025156242923"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2108133100990272881",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2108133100990272881",
      "created_at" : "Thu Oct 08 09:51:13 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "91"
      ],
      "in_reply_to_status_id_str" : "2108113723305511929",
      "in_reply_to_status_id" : "2108113723305511929",
      "in_reply_to_user_id" : "257358025156242923",
      "in_reply_to_user_id_str" : "257358025156242923",
      "full_text" : "@carly_77 Firmware 17.4.1 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "carly_77"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2109091812385906273"
          ],
          "editableUntil" : "2026-10-11T02:20:47.760Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Jennifer Rich",
            "screen_name" : "jennifer_78",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "586162585630219784",
            "id" : "586162585630219784"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "0",
      "id_str" : "2109091812385906273",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2109091812385906273",
      "created_at" : "Sun Oct 11 01:20:47 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "93"
      ],
      "in_reply_to_status_id_str" : "2109066646562770433",
      "in_reply_to_status_id" : "2109066646562770433",
      "in_reply_to_user_id" : "586162585630219784",
      "in_reply_to_user_id_str" : "586162585630219784",
      "full_text" : "@jennifer_78 Firmware 2.8.1 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "jennifer_78"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2109701560343144091"
          ],
          "editableUntil" : "2026-10-12T18:43:43.002Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brian Espinoza",
            "screen_name" : "brian_83",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "479583750759053339",
            "id" : "479583750759053339"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "0",
      "id_str" : "2109701560343144091",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2109701560343144091",
      "created_at" : "Mon Oct 12 17:43:43 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "104"
      ],
      "in_reply_to_status_id_str" : "2109688222458672484",
      "in_reply_to_status_id" : "2109688222458672484",
      "in_reply_to_user_id" : "479583750759053339",
      "in_reply_to_user_id_str" : "479583750759053339",
      "full_text" : "@brian_83 Sorry to hear about the dropped calls! Please DM us your account number and we'll take a look.",
      "in_reply_to_screen_name" : "brian_83"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2110501202339783568"
          ],
          "editableUntil" : "2026-10-14T23:41:12.510Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Matthew Field",
            "screen_name" : "matthew_83",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "335191618406956073",
            "id" : "335191618406956073"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2110501202339783568",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2110501202339783568",
      "created_at" : "Wed Oct 14 22:41:12 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "91"
      ],
      "in_reply_to_status_id_str" : "2110367571814365677",
      "in_reply_to_status_id" : "2110367571814365677",
      "in_reply_to_user_id" : "335191618406956073",
      "in_reply_to_user_id_str" : "335191618406956073",
      "full_text" : "@matthew_83 Glad it's working again! Let us know if there's anything else we can help with.",
      "in_reply_to_screen_name" : "matthew_83"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2110937977690531182"
          ],
          "editableUntil" : "2026-10-16T04:36:47.869Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2110937977690531182",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2110937977690531182",
      "created_at" : "Fri Oct 16 03:36:47 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "57"
      ],
      "full_text" : "Firmware 17.4.1 for desk phones is rolling out this week."
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2111049047962470882"
          ],
          "editableUntil" : "2026-10-16T11:58:09.085Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2111049047962470882",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2111049047962470882",
      "created_at" : "Fri Oct 16 10:58:09 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "82"
      ],
      "full_text" : "Scheduled maintenance tonight from 23:00 AEST: calls may drop for up to 5 minutes."
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2111859279257220550"
          ],
          "editableUntil" : "2026-10-18T17:37:43.279Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Christine Jackson",
            "screen_name" : "christinejac",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "465312726187093817",
            "id" : "465312726187093817"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2111859279257220550",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2111859279257220550",
      "created_at" : "Sun Oct 18 16:37:43 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "108"
      ],
      "in_reply_to_status_id_str" : "2111827066998648373",
      "in_reply_to_status_id" : "2111827066998648373",
      "in_reply_to_user_id" : "465312726187093817",
      "in_reply_to_user_id_str" : "465312726187093817",
      "full_text" : "@christinejac Sorry to hear about the dropped calls! Please DM us your account number and we'll take a look.",
      "in_reply_to_screen_name" : "christinejac"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2111900606498083064"
          ],
          "editableUntil" : "2026-10-18T20:21:56.462Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2111900606498083064",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2111900606498083064",
      "created_at" : "Sun Oct 18 19:21:56 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "88"
      ],
      "full_text" : "Maintenance is complete and all services are running normally. Thanks for your patience!"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2112064555582430968"
          ],
          "editableUntil" : "2026-10-19T07:13:24.969Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Erica Wilson",
            "screen_name" : "ewilson",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "717479784765899716",
            "id" : "717479784765899716"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "1",
      "id_str" : "2112064555582430968",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2112064555582430968",
      "created_at" : "Mon Oct 19 06:13:24 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "90"
      ],
      "in_reply_to_status_id_str" : "2111992581325349283",
      "in_reply_to_status_id" : "2111992581325349283",
      "in_reply_to_user_id" : "717479784765899716",
      "in_reply_to_user_id_str" : "717479784765899716",
      "full_text" : "@ewilson Firmware 3.11.7 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "ewilson"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2112238633202461436"
          ],
          "editableUntil" : "2026-10-19T18:45:08.308Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Steven Kidd",
            "screen_name" : "thestevenk",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "523476370555672889",
            "id" : "523476370555672889"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2112238633202461436",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2112238633202461436",
      "created_at" : "Mon Oct 19 17:45:08 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "85"
      ],
      "in_reply_to_status_id_str" : "2112119347197363006",
      "in_reply_to_status_id" : "2112119347197363006",
      "in_reply_to_user_id" : "523476370555672889",
      "in_reply_to_user_id_str" : "523476370555672889",
      "full_text" : "@thestevenk We've replied to your DM, please check your inbox when you have a moment.",
      "in_reply_to_screen_name" : "thestevenk"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2112478466915926922"
          ],
          "editableUntil" : "2026-10-20T10:38:09.121Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "1",
      "id_str" : "2112478466915926922",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2112478466915926922",
      "created_at" : "Tue Oct 20 09:38:09 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "57"
      ],
      "full_text" : "Firmware 17.4.1 for desk phones is rolling out this week."
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2112923537133815467"
          ],
          "editableUntil" : "2026-10-21T16:06:42.130Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Daniel Barron",
            "screen_name" : "daniel_82",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "814058235877636320",
            "id" : "814058235877636320"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "0",
      "id_str" : "2112923537133815467",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2112923537133815467",
      "created_at" : "Wed Oct 21 15:06:42 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "92"
      ],
      "in_reply_to_status_id_str" : "2112860119258324473",
      "in_reply_to_status_id" : "2112860119258324473",
      "in_reply_to_user_id" : "814058235877636320",
      "in_reply_to_user_id_str" : "814058235877636320",
      "full_text" : "@daniel_82 Firmware 4.0.12 fixes that login issue; please update the handset and restart it.",
      "in_reply_to_screen_name" : "daniel_82"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2113731724446620030"
          ],
          "editableUntil" : "2026-10-23T21:38:09.001Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "John Oliver",
            "screen_name" : "thejohno",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "55897004016708589",
            "id" : "55897004016708589"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2113731724446620030",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2113731724446620030",
      "created_at" : "Fri Oct 23 20:38:09 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "83"
      ],
      "in_reply_to_status_id_str" : "2113663273405729158",
      "in_reply_to_status_id" : "2113663273405729158",
      "in_reply_to_user_id" : "55897004016708589",
      "in_reply_to_user_id_str" : "55897004016708589",
      "full_text" : "@thejohno We've replied to your DM, please check your inbox when you have a moment.",
      "in_reply_to_screen_name" : "thejohno"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2114019134429230882"
          ],
          "editableUntil" : "2026-10-24T16:40:12.881Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2114019134429230882",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2114019134429230882",
      "created_at" : "Sat Oct 24 15:40:12 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "57"
      ],
      "full_text" : "Firmware 17.4.1 for desk phones is rolling out this week."
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2114077958098584731"
          ],
          "editableUntil" : "2026-10-24T20:33:57.536Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Matthew Field",
            "screen_name" : "mfield",
            "indices" : [
              "0",
              "7"
            ],
            "id_str" : "438245563843375980",
            "id" : "438245563843375980"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2114077958098584731",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2114077958098584731",
      "created_at" : "Sat Oct 24 19:33:57 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "81"
      ],
      "in_reply_to_status_id_str" : "2113978301432829780",
      "in_reply_to_status_id" : "2113978301432829780",
      "in_reply_to_user_id" : "438245563843375980",
      "in_reply_to_user_id_str" : "438245563843375980",
      "full_text" : "@mfield We've replied to your DM, please check your inbox when you have a moment.",
      "in_reply_to_screen_name" : "mfield"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2114750761342655210"
          ],
          "editableUntil" : "2026-10-26T17:07:26.330Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Steven Kidd",
            "screen_name" : "thestevenk",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "480087129103281465",
            "id" : "480087129103281465"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2114750761342655210",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2114750761342655210",
      "created_at" : "Mon Oct 26 16:07:26 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "91"
      ],
      "in_reply_to_status_id_str" : "2114644561565751011",
      "in_reply_to_status_id" : "2114644561565751011",
      "in_reply_to_user_id" : "480087129103281465",
      "in_reply_to_user_id_str" : "480087129103281465",
      "full_text" : "@thestevenk Glad it's working again! Let us know if there's anything else we can help with.",
      "in_reply_to_screen_name" : "thestevenk"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2114973074764603624"
          ],
          "editableUntil" : "2026-10-27T07:50:49.980Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Melissa Scott",
            "screen_name" : "melissasco",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "824256573889792445",
            "id" : "824256573889792445"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2114973074764603624",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2114973074764603624",
      "created_at" : "Tue Oct 27 06:50:49 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "102"
      ],
      "in_reply_to_status_id_str" : "2114946650647865472",
      "in_reply_to_status_id" : "2114946650647865472",
      "in_reply_to_user_id" : "824256573889792445",
      "in_reply_to_user_id_str" : "824256573889792445",
      "full_text" : "@melissasco Thanks for letting us know. Our network team is looking into the echo on conference calls.",
      "in_reply_to_screen_name" : "melissasco"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2115255669424745491"
          ],
          "editableUntil" : "2026-10-28T02:33:45.797Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Kelly Montoya",
            "screen_name" : "kmontoya",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "843412392331183330",
            "id" : "843412392331183330"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2115255669424745491",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2115255669424745491",
      "created_at" : "Wed Oct 28 01:33:45 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "89"
      ],
      "in_reply_to_status_id_str" : "2115250384599979104",
      "in_reply_to_status_id" : "2115250384599979104",
      "in_reply_to_user_id" : "843412392331183330",
      "in_reply_to_user_id_str" : "843412392331183330",
      "full_text" : "@kmontoya Glad it's working again! Let us know if there's anything else we can help with.",
      "in_reply_to_screen_name" : "kmontoya"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2115406464174055362"
          ],
          "editableUntil" : "2026-10-28T12:32:58.067Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Kelly Montoya",
            "screen_name" : "kmontoya",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "776174361092281934",
            "id" : "776174361092281934"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "2",
      "id_str" : "2115406464174055362",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2115406464174055362",
      "created_at" : "Wed Oct 28 11:32:58 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "89"
      ],
      "in_reply_to_status_id_str" : "2115277615155256787",
      "in_reply_to_status_id" : "2115277615155256787",
      "in_reply_to_user_id" : "776174361092281934",
      "in_reply_to_user_id_str" : "776174361092281934",
      "full_text" : "@kmontoya Glad it's working again! Let us know if there's anything else we can help with.",
      "in_reply_to_screen_name" : "kmontoya"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2115885407481890285"
          ],
          "editableUntil" : "2026-10-29T20:16:07.050Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "0",
      "id_str" : "2115885407481890285",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2115885407481890285",
      "created_at" : "Thu Oct 29 19:16:07 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "88"
      ],
      "full_text" : "Maintenance is complete and all services are running normally. Thanks for your patience!"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2115899220932294178"
          ],
          "editableUntil" : "2026-10-29T21:11:00.433Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Ashley Walsh",
            "screen_name" : "ashley_94",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "774661335654186249",
            "id" : "774661335654186249"
          }
        ],
        "urls" : []
      },
      "favorite_count" : "1",
      "id_str" : "2115899220932294178",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2115899220932294178",
      "created_at" : "Thu Oct 29 20:11:00 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "90"
      ],
      "in_reply_to_status_id_str" : "2115847630992301735",
      "in_reply_to_status_id" : "2115847630992301735",
      "in_reply_to_user_id" : "774661335654186249",
      "in_reply_to_user_id_str" : "774661335654186249",
      "full_text" : "@ashley_94 Glad it's working again! Let us know if there's anything else we can help with.",
      "in_reply_to_screen_name" : "ashley_94"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2117031890145824623"
          ],
          "editableUntil" : "2026-11-02T00:11:49.818Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "favorite_count" : "3",
      "id_str" : "2117031890145824623",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2117031890145824623",
      "created_at" : "Sun Nov 01 23:11:49 +0000 2026",
      "favorited" : false,
      "lang" : "en",
      "display_text_range" : [
        "0",
        "88"
      ],
      "full_text" : "Maintenance is complete and all services are running normally. Thanks for your patience!"
    }
  }
]