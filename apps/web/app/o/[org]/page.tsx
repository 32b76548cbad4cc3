import { redirect } from "next/navigation";

export default async function OrganisationHome({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  redirect(`/o/${org}/projects`);
}
