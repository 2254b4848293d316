/** The page for a QR code no table has: rotated, deleted or mistyped. No script needed. */
export function NotFound() {
  return (
    <main class="guest">
      <header class="guest-head">
        <h1>This QR code is no longer valid</h1>
      </header>
      <p>
        The code you scanned does not belong to any table here. It may have been replaced by a new
        one. Please ask the staff for the current code, or order at the counter.
      </p>
    </main>
  );
}
