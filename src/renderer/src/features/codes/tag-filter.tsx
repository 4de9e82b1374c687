/** Tag chips: show only the accounts with one tag. */
import { useViewStore } from '../../stores/view'

export function TagFilter({ tags }: { tags: string[] }) {
  const tag = useViewStore((s) => s.tag)
  const setTag = useViewStore((s) => s.setTag)
  if (tags.length === 0) return null
  return (
    <div className="tag-filter" role="group" aria-label="Filter by tag">
      <button
        type="button"
        className="chip"
        aria-pressed={tag === null}
        onClick={() => setTag(null)}
      >
        All
      </button>
      {tags.map((t) => (
        <button
          key={t}
          type="button"
          className="chip"
          aria-pressed={tag === t}
          onClick={() => setTag(tag === t ? null : t)}
        >
          {t}
        </button>
      ))}
    </div>
  )
}
