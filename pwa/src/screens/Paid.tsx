import { useSearchParams } from '@solidjs/router';

/** Where Stripe Checkout sends the payer back (success or cancel URL). */
export default function Paid() {
  const [params] = useSearchParams();
  const guestBack = localStorage.getItem('comanda.guest.last');
  return (
    <main class="login">
      <div class="card login-card">
        <h1>{params.canceled ? 'Payment cancelled' : 'Thank you'}</h1>
        <p role="status">
          {params.canceled
            ? 'Nothing was charged. You can try again or pay at the counter.'
            : 'Your payment is being confirmed. You can close this page.'}
        </p>
        {guestBack ? (
          <a class="btn primary big" href={guestBack} rel="external">
            Back to your order
          </a>
        ) : null}
      </div>
    </main>
  );
}
