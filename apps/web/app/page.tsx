export default function HomePage() {
  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="text-2xl font-semibold">Machinaut</h1>
      <p className="mt-2 text-slate-700">
        The control plane for Lodestar: ship sessions, read the why behind each decision, approve holds with a
        signature that only your keys can make.
      </p>
    </main>
  );
}
