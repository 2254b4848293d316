#!/bin/sh
# The compose `backup` service: every BACKUP_EVERY_SECONDS, a folder /backups/comanda-TIMESTAMP/
# in the layout `npm run restore` reads (database.dump in pg_dump's custom format, uploads/,
# manifest.json), then folders older than BACKUP_KEEP_DAYS are removed. Connection from PG* vars.
# BACKUP_ONCE=true takes one backup and exits (tests, a host cron job).
set -u
every=${BACKUP_EVERY_SECONDS:-86400}
keep=${BACKUP_KEEP_DAYS:-14}
root=${BACKUP_ROOT:-/backups}
uploads=${UPLOADS:-/data/uploads}
while true; do
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  dir=$root/comanda-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$dir"
  if pg_dump --format=custom --no-owner --file "$dir/database.dump"; then
    files=0
    if [ -d "$uploads" ]; then
      cp -r "$uploads" "$dir/uploads"
      files=$(find "$dir/uploads" -type f | wc -l)
    fi
    printf '{"format":1,"created_at":"%s","database":"database.dump","migrations":[],"uploads":%s}\n' \
      "$now" "$files" > "$dir/manifest.json"
    echo "backup: $dir ($files upload file(s))"
  else
    echo "backup: pg_dump failed; $dir removed" >&2
    rm -rf "$dir"
  fi
  find "$root" -maxdepth 1 -name 'comanda-*' -type d -mtime +"$keep" -exec rm -rf {} +
  [ "${BACKUP_ONCE:-false}" = true ] && exit 0
  sleep "$every"
done
