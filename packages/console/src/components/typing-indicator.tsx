/** "Customer is typing…": a polite live status, with dots that stay still for reduced motion. */
export function TypingIndicator(props: { who: string }) {
  return (
    <p className="typing-indicator" role="status" data-testid="typing-indicator">
      <span className="typing-dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>{' '}
      {props.who} is typing…
    </p>
  );
}
