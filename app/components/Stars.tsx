/** 0 to 3 stars, with the count in words for screen readers. */
export function Stars({ stars, size = 'text-2xl' }: { stars: number; size?: string }) {
  return (
    <span role="img" aria-label={`${stars} of 3 stars`} className={`inline-flex gap-0.5 ${size}`} data-stars={stars}>
      {[0, 1, 2].map((i) => (
        <span key={i} aria-hidden="true" className={i < stars ? 'text-oi-yellow' : 'text-line'}>★</span>
      ))}
    </span>
  );
}
