export default function Admin() {
  return <p>Admin</p>;
}
