fn main() {
    println!("mandate-lint: under construction");
}
