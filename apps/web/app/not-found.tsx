import Link from "next/link";

/** The one answer for a missing page and for another organisation's page (no oracle). */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing here, or nothing you can see.</p>
      <Link
        href="/"
        className="mt-6 inline-block font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        Go to your organisations
      </Link>
    </main>
  );
}
