"""Connected EventEmitters: host resources that emit into JavaScript emitters."""
